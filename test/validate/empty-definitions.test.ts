import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, startScenarioEmulator } from "../scenarios/scenario-harness.js";

const MESSAGE =
  "trackers:1:1  error    No tracker definition files (.yaml or .yml) in 'trackers'. Add one ('tracker-sync init' writes an example), or point paths in tracker-sync.yaml or --path at your definitions. To empty the account on purpose, set guards.allowEmpty: true.  [definitions-none]";

let dir: string;
let emulator: RunningEmulator | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracker-sync-empty-"));
  await mkdir(join(dir, "trackers"));
  await writeFile(join(dir, "trackers", "README.md"), "not a definition\n");
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("an empty definitions directory", () => {
  it("is one finding, the same in validate and plan, and plan sends nothing", async () => {
    const validate = createCapturedIo({ cwd: dir });
    expect(await runCli(["validate"], validate)).toBe(1);
    expect(validate.stdoutText).toBe(`${MESSAGE}\n\n1 error, 0 warnings.\n`);
    expect(validate.stderrText).toBe("");

    emulator = await startScenarioEmulator([{ id: "1000000000000501", name: "Live", vocabulary: ["a"] }]);
    const plan = createCapturedIo({ cwd: dir, env: emulatorEnv(emulator) });
    expect(await runCli(["plan"], plan)).toBe(1);
    expect(plan.stderrText).toBe(`${MESSAGE}\n\n1 error, 0 warnings.\nValidation found 1 error(s), so no plan was made. Fix them and run plan again.\n`);
    expect(emulator.requests()).toEqual([]);
  });

  it("is a warning with guards.allowEmpty, so emptying the account stays possible", async () => {
    await writeFile(join(dir, "tracker-sync.yaml"), "guards:\n  allowEmpty: true\n");
    const validate = createCapturedIo({ cwd: dir });
    expect(await runCli(["validate"], validate)).toBe(0);
    expect(validate.stdoutText).toContain("warning  No tracker definition files (.yaml or .yml) in 'trackers'.");
    expect(validate.stdoutText).not.toContain("allowEmpty");
  });

  it("a missing directory stays a file-unreadable error, not this one", async () => {
    const io = createCapturedIo({ cwd: dir });
    expect(await runCli(["validate", "--path", "nowhere"], io)).toBe(1);
    expect(io.stdoutText).toContain("[file-unreadable]");
    expect(io.stdoutText).not.toContain("[definitions-none]");
  });
});
