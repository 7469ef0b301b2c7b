import { parseArgs } from "node:util";
import { forceUnlock, readAccountLock } from "../../apply/account-lock.js";
import { createTrackersApi } from "../../client/create-trackers-api.js";
import { escapeTerminalText } from "../../escape/terminal-text.js";
import { EXIT_OK, UserError } from "../../errors.js";
import { loadConfig } from "../../load/load-project.js";
import { LOCK_TRACKER_NAME } from "../../model/reserved-names.js";
import type { CliIo } from "../io.js";

const HELP = `Usage: tracker-sync unlock LOCK_ID [options]

Removes the account lock (the tracker ${LOCK_TRACKER_NAME}) that an apply left behind when it crashed or
was killed. Apply names the lock id when a lock blocks it. Only a lock with exactly this id is removed,
so a lock taken since by another apply stays. Make sure no apply is running first.

Without LOCK_ID, shows the current lock and removes nothing.

Options:
  --config FILE    Config file (default: ./tracker-sync.yaml when present), for apiUrl
  -h, --help       Show this help
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { config: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UserError("unlock takes one LOCK_ID. Run 'tracker-sync unlock --help'.");
  const { config } = await loadConfig(io.cwd, values.config);
  const api = createTrackersApi({ env: io.env, ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}) });
  const lockId = positionals[0];
  if (lockId === undefined) {
    const lock = await readAccountLock(api);
    io.stdout(lock ? `${describeLock(lock)}\nRemove it with 'tracker-sync unlock ${lock.lockId ?? "LOCK_ID"}' once you are sure no apply is running.\n` : "The account is not locked.\n");
    return EXIT_OK;
  }
  const removed = await forceUnlock(api, lockId);
  io.stdout(removed ? `Removed the account lock. ${describeLock(removed)}\n` : "The account is not locked; nothing to remove.\n");
  return EXIT_OK;
}

function describeLock(lock: { lockId?: string; holder?: string; acquiredAt?: number; expiresAt?: number }): string {
  const parts = [`lock id ${lock.lockId ?? "(unreadable)"}`];
  if (lock.holder) parts.push(`held by ${escapeTerminalText(lock.holder)}`);
  if (lock.acquiredAt !== undefined) parts.push(`since ${new Date(lock.acquiredAt).toISOString()}`);
  if (lock.expiresAt !== undefined) parts.push(`expires ${new Date(lock.expiresAt).toISOString()}`);
  return `Account lock: ${parts.join(", ")}.`;
}
