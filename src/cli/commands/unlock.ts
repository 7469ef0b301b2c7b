import { forceUnlock, readAccountLock } from "../../apply/account-lock.js";
import { createApiFactory } from "../../client/create-api-factory.js";
import { resolveEnvironmentConfig, selectEnvironments } from "../../config/resolve-environment.js";
import { escapeTerminalText } from "../../escape/terminal-text.js";
import { EXIT_OK, UserError } from "../../errors.js";
import { loadConfig } from "../../load/load-project.js";
import { readApiGenerationFlag } from "../project-flags.js";
import type { CliIo } from "../io.js";

export type UnlockOptions = { lockId?: string; config?: string; apiGeneration?: string; env?: string };

export async function run(values: UnlockOptions, io: CliIo): Promise<number> {
  const loaded = await loadConfig(io.cwd, values.config);
  const generationFlag = readApiGenerationFlag(values.apiGeneration);
  const config = generationFlag.apiGeneration !== undefined ? { ...loaded.config, api: { ...loaded.config.api, generation: generationFlag.apiGeneration } } : loaded.config;
  const environments = selectEnvironments(config, values.env);
  if (environments.length > 1) throw new UserError("unlock works on one environment's account at a time; name it with --env NAME.");
  // With environments, the factory reads only that environment's own credentials and origin.
  const api = createApiFactory({ env: io.env })(environments[0] ? resolveEnvironmentConfig(config, environments[0]) : config);
  if (values.lockId === undefined) {
    const lock = await readAccountLock(api);
    io.stdout(
      lock ? `${describeLock(lock)}\nRemove it with 'tracker-sync unlock ${escapeTerminalText(lock.lockId ?? "LOCK_ID")}' once you are sure no apply is running.\n` : "The account is not locked.\n",
    );
    return EXIT_OK;
  }
  const removed = await forceUnlock(api, values.lockId);
  io.stdout(removed ? `Removed the account lock. ${describeLock(removed)}\n` : "The account is not locked; nothing to remove.\n");
  return EXIT_OK;
}

function describeLock(lock: { lockId?: string; holder?: string; acquiredAt?: number; expiresAt?: number }): string {
  const parts = [`lock id ${escapeTerminalText(lock.lockId ?? "(unreadable)")}`];
  if (lock.holder) parts.push(`held by ${escapeTerminalText(lock.holder)}`);
  if (lock.acquiredAt !== undefined) parts.push(`since ${new Date(lock.acquiredAt).toISOString()}`);
  if (lock.expiresAt !== undefined) parts.push(`expires ${new Date(lock.expiresAt).toISOString()}`);
  return `Account lock: ${parts.join(", ")}.`;
}
