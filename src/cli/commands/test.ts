import { UserError } from "../../errors.js";
import type { CliIo } from "../io.js";

// Placeholder while the command is being built; replaced by its issue's implementation.
export async function run(_args: string[], _io: CliIo): Promise<number> {
  throw new UserError("The 'test' command is not built yet.");
}
