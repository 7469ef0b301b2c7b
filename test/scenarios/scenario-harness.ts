import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { startEmulator, type EmulatorFaults, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import type { PutBehavior } from "../../src/contract/trackers-contract.js";
import type { LiveTracker } from "../../src/model/tracker.js";

export const SCENARIOS_DIR = new URL(".", import.meta.url).pathname;

export interface ScenarioSpec {
  description: string;
  /** Extra flags for plan and apply (e.g. --prune). */
  args?: string[];
  /** Exit code of `plan --detailed-exitcode`. */
  planExit: number;
  /** When set, `apply --yes` runs and must exit with this code. */
  applyExit?: number;
  /** Emulator faults during apply. */
  faults?: Partial<EmulatorFaults>;
  /** How the emulator's PUT treats the vocabulary (default append, as Symbl documents). */
  putMode?: PutBehavior;
  /** Extra live trackers generated on top of live.json (for the 500-tracker limit). */
  generateLive?: { count: number; prefix: string };
  /** After a successful apply, plan again must show no changes. Default true when applyExit is 0. */
  converges?: boolean;
  /** 2: the emulator is an account of Symbl's generation-2 API (managed trackers pre-added). */
  apiGeneration?: 2;
}

export async function listScenarioNames(): Promise<string[]> {
  const entries = await readdir(SCENARIOS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export async function readScenario(name: string): Promise<{ dir: string; spec: ScenarioSpec; live: LiveTracker[] }> {
  const dir = join(SCENARIOS_DIR, name);
  const spec = JSON.parse(await readFile(join(dir, "scenario.json"), "utf8")) as ScenarioSpec;
  const live = JSON.parse(await readFile(join(dir, "live.json"), "utf8")) as LiveTracker[];
  if (spec.generateLive) {
    for (let index = 1; index <= spec.generateLive.count; index++) {
      live.push({ id: String(2_000_000_000_000_000 + index), name: `${spec.generateLive.prefix} ${String(index).padStart(3, "0")}`, vocabulary: ["legacy phrase"] });
    }
  }
  return { dir, spec, live };
}

export async function startScenarioEmulator(live: LiveTracker[], faults: Partial<EmulatorFaults> = {}, apiGeneration?: 2): Promise<RunningEmulator> {
  return startEmulator({
    port: 0,
    initialTrackers: live.map((tracker) => ({ ...tracker, vocabulary: [...tracker.vocabulary] })),
    ...faults,
    ...(apiGeneration ? { apiGeneration } : {}),
  });
}

export function emulatorEnv(emulator: RunningEmulator): Record<string, string> {
  return { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET };
}

/** A real HTTP client with instant backoff, so fault scenarios stay fast. */
export function fastApi(emulator: RunningEmulator) {
  return createTrackersApi({ env: emulatorEnv(emulator), retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 2 }, sleep: async () => {}, timeoutMs: 10_000 });
}

export function findDuplicateNames(trackers: LiveTracker[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const tracker of trackers) (seen.has(tracker.name) ? duplicates : seen).add(tracker.name);
  return [...duplicates];
}
