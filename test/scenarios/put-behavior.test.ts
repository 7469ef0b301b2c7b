import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { PutBehavior } from "../../src/contract/trackers-contract.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import type { ApplyResult, Plan } from "../../src/model/plan.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, readScenario, startScenarioEmulator } from "./scenario-harness.js";

const OLD_ID = "1000000000000201";

describe("the account's PUT behaviour", () => {
  let emulator: RunningEmulator | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function copyScenario(putBehavior: PutBehavior): Promise<{ dir: string; live: Awaited<ReturnType<typeof readScenario>>["live"] }> {
    const scenario = await readScenario("put-behavior-mismatch");
    dir = await mkdtemp(join(tmpdir(), "put-behavior-"));
    await cp(scenario.dir, dir, { recursive: true });
    await writeFile(join(dir, "tracker-sync.yaml"), `putBehavior: ${putBehavior}\n`);
    return { dir, live: scenario.live };
  }

  it("is detected after apply when tracker-sync.yaml says replace but the account appends, and says which putBehavior to set", async () => {
    const { dir: scenarioDir, live } = await readScenario("put-behavior-mismatch");
    emulator = await startScenarioEmulator(live, { putMode: "append" });
    const io = createCapturedIo({ cwd: scenarioDir, env: emulatorEnv(emulator) });
    expect(await runCli(["apply", "--yes"], io)).toBe(1);
    expect(io.stdoutText).toContain(`"Refund Request" (id ${OLD_ID}) kept 1 removed phrase: "store credit"`);
    expect(io.stdoutText).toContain("Set putBehavior: append in tracker-sync.yaml");
    expect(emulator.trackers()[0]?.vocabulary).toContain("store credit");
  });

  it.each(["append", "replace"] as const)("converges on a phrase removal when the account %ss, with any id change shown in the plan first", async (behavior) => {
    const { dir: projectDir, live } = await copyScenario(behavior);
    emulator = await startScenarioEmulator(live, { putMode: behavior });
    const env = emulatorEnv(emulator);

    const planIo = createCapturedIo({ cwd: projectDir, env });
    expect(await runCli(["plan", "--format", "json", "--detailed-exitcode"], planIo)).toBe(2);
    const plan = JSON.parse(planIo.stdoutText) as Plan;
    const change = plan.changes[0];
    expect(change).toMatchObject({ kind: behavior === "append" ? "recreate" : "update", id: OLD_ID, removed: ["store credit"], added: ["reimburse me"] });

    const applyIo = createCapturedIo({ cwd: projectDir, env });
    expect(await runCli(["apply", "--yes", "--format", "json"], applyIo), applyIo.stderrText).toBe(0);
    // The plan apply printed before writing (stderr in json mode) already named the old id.
    if (behavior === "append") expect(applyIo.stderrText).toContain(`recreate "Refund Request" (delete id ${OLD_ID}, create with a new id`);
    const result = JSON.parse(applyIo.stdoutText) as ApplyResult;
    expect(result.verified).toBe(true);
    const [tracker] = emulator.trackers();
    expect(tracker?.vocabulary).not.toContain("store credit");
    if (behavior === "append") {
      expect(tracker?.id).not.toBe(OLD_ID);
      expect(result.idChanges).toEqual([{ name: "Refund Request", oldId: OLD_ID, newId: tracker?.id }]);
    } else {
      expect(tracker?.id).toBe(OLD_ID);
      expect(result.idChanges).toEqual([]);
    }

    const again = createCapturedIo({ cwd: projectDir, env });
    expect(await runCli(["plan", "--detailed-exitcode"], again)).toBe(0);
    expect(again.stdoutText).toContain("No changes.");
  });
});
