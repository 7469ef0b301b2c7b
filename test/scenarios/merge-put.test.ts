import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import type { ApplyResult } from "../../src/model/plan.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, readScenario, startScenarioEmulator } from "./scenario-harness.js";

describe("a server that merges vocabulary on PUT", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => emulator?.close());

  it("is reported per tracker, and --recreate-on-merge deletes and recreates with the id change in the result", async () => {
    const { dir, live } = await readScenario("merge-put");
    emulator = await startScenarioEmulator(live, { putMode: "append" });
    const env = emulatorEnv(emulator);

    const first = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes"], first)).toBe(1);
    expect(first.stdoutText).toContain('"Refund Request" (id 1000000000000201) kept 1 removed phrase: "store credit"');
    expect(first.stdoutText).toContain("--recreate-on-merge");
    expect(emulator.trackers()[0]?.vocabulary).toContain("store credit");

    const second = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--recreate-on-merge", "--format", "json"], second), second.stderrText).toBe(0);
    const result = JSON.parse(second.stdoutText) as ApplyResult;
    expect(result.mergedOnPut).toEqual([{ name: "Refund Request", id: "1000000000000201", unexpected: ["store credit"] }]);
    expect(result.idChanges).toEqual([{ name: "Refund Request", oldId: "1000000000000201", newId: expect.stringMatching(/^\d+$/) }]);
    expect(result.idChanges[0]?.newId).not.toBe("1000000000000201");
    expect(result.verified).toBe(true);

    const again = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan", "--detailed-exitcode"], again)).toBe(0);
    expect(emulator.trackers()).toHaveLength(1);
  });
});
