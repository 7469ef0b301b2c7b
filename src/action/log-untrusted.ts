import { randomBytes } from "node:crypto";
import type { ActionIo } from "./action-io.js";

/**
 * Writes text that holds repository content (phrases, tracker names) to the step log. Between
 * `::stop-commands::TOKEN` and `::TOKEN::` the runner executes no workflow command, so a phrase such as
 * `::add-mask::` or `::error::` in a tracker file is shown, not obeyed. The token is random per block, so the
 * text cannot end the block early.
 */
export function logUntrusted(io: Pick<ActionIo, "info">, text: string, token: string = randomBytes(16).toString("hex")): void {
  io.info(`::stop-commands::${token}`);
  io.info(text.replace(/\n$/, ""));
  io.info(`::${token}::`);
}
