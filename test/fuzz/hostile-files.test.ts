import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { SUITE_SEED } from "../helpers/fixed-seed.js";
import { checkHostileProject, hostileProject } from "./hostile-files.js";

let dir: string;
let emulator: RunningEmulator;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fuzz-suite-"));
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

// `npm run fuzz` runs 10,000 cases from a fresh random seed (printed, and replayable with --seed); the suite runs
// 300 cases from the fixed SUITE_SEED, so its time and verdict are the same on every run.
describe("hostile tracker files and config", () => {
  it("never crash, always locate findings, never reach the API when validation fails", async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(hostileProject, async (project) => {
        cases++;
        expect(await checkHostileProject(dir, project, emulator, { cli: cases % 4 === 0 })).toEqual([]);
      }),
      { numRuns: 300, seed: SUITE_SEED },
    );
    expect(cases).toBeGreaterThanOrEqual(300);
  }, 120_000);
});
