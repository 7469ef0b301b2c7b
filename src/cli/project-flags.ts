import type { LoadProjectOptions } from "../load/load-project.js";
import type { CliIo } from "./io.js";

/** Colour only on a terminal, never with --no-color or NO_COLOR (https://no-color.org). */
export function shouldUseColor(io: CliIo, noColorFlag = false): boolean {
  return io.isTTY && !noColorFlag && io.env.NO_COLOR === undefined;
}

/** `--path` and `--config` mean the same for every command that reads the definitions. */
export function readProjectFlags(io: CliIo, values: { path?: string | undefined; config?: string | undefined }): LoadProjectOptions {
  const options: LoadProjectOptions = { cwd: io.cwd };
  if (values.path !== undefined) options.path = values.path;
  if (values.config !== undefined) options.configPath = values.config;
  return options;
}
