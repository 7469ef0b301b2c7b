import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, startScenarioEmulator } from "../scenarios/scenario-harness.js";
import { cleanPhrases, trackerYaml } from "./helpers.js";

describe("an unknown rule name in rules:", () => {
  let dir: string | undefined;
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("is an error with 'did you mean' in validate and in plan, and plan sends nothing", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracker-sync-rules-"));
    await mkdir(join(dir, "trackers"));
    await writeFile(join(dir, "trackers", "a.yaml"), trackerYaml("A", cleanPhrases("a")));
    await writeFile(join(dir, "tracker-sync.yaml"), "rules:\n  phrase-foldd: off\n");
    const expected = "tracker-sync.yaml:2:3  error    Unknown rule 'phrase-foldd' in rules. Did you mean 'phrase-folded'?  [config-unknown-rule]";
    const validate = createCapturedIo({ cwd: dir });
    expect(await runCli(["validate"], validate)).toBe(1);
    expect(validate.stdoutText).toContain(expected);
    emulator = await startScenarioEmulator([]);
    const plan = createCapturedIo({ cwd: dir, env: emulatorEnv(emulator) });
    expect(await runCli(["plan"], plan)).toBe(1);
    expect(plan.stderrText).toContain(expected);
    expect(emulator.requests()).toEqual([]);
  });
});
