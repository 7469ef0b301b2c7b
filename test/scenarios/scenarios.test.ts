import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, findDuplicateNames, listScenarioNames, readScenario, startScenarioEmulator } from "./scenario-harness.js";

const names = await listScenarioNames();

describe("plan and apply scenarios against the emulator over HTTP", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it.each(names)("%s", async (name) => {
    const { dir, spec, live } = await readScenario(name);
    emulator = await startScenarioEmulator(live, spec.putMode ? { putMode: spec.putMode } : {}, spec.apiGeneration);
    const env = emulatorEnv(emulator);
    const args = spec.args ?? [];
    const plan = async (format: string) => {
      const io = createCapturedIo({ cwd: dir, env });
      const code = await runCli(["plan", "--format", format, "--detailed-exitcode", ...args], io);
      return { code, io };
    };

    // The plan names the API it read; the emulator's port differs per run, so the goldens hold a placeholder.
    const withStablePort = (text: string) => text.split(emulator!.url).join("http://127.0.0.1:EMULATOR_PORT");
    const text = await plan("text");
    expect(text.code, text.io.stderrText).toBe(spec.planExit);
    await expect(withStablePort(text.io.stdoutText)).toMatchFileSnapshot(join(dir, "expected.plan.txt"));
    const json = await plan("json");
    await expect(withStablePort(json.io.stdoutText)).toMatchFileSnapshot(join(dir, "expected.plan.json"));
    const markdown = await plan("markdown");
    await expect(withStablePort(markdown.io.stdoutText)).toMatchFileSnapshot(join(dir, "expected.plan.md"));

    if (spec.applyExit === undefined) return;
    if (spec.faults) emulator.setFaults(spec.faults);
    const requestsBefore = emulator.requests().length;
    let applyIo = createCapturedIo({ cwd: dir, env });
    let applyCode = await runCli(["apply", "--yes", ...args], applyIo);
    // Under heavy injected faults a change may exhaust its retries; the promise is that a re-run finishes.
    for (let rerun = 0; spec.faults && applyCode !== spec.applyExit && rerun < 2; rerun++) {
      applyIo = createCapturedIo({ cwd: dir, env });
      applyCode = await runCli(["apply", "--yes", ...args], applyIo);
    }
    expect(applyCode, applyIo.stdoutText + applyIo.stderrText).toBe(spec.applyExit);
    if (spec.faults) {
      const injected = new Set(
        emulator
          .requests()
          .slice(requestsBefore)
          .map((entry) => entry.fault)
          .filter(Boolean),
      );
      // The seed is fixed, so this pins that the scenario really went through every kind of fault.
      expect([...injected].sort()).toEqual(["drop", "fail", "rate-limit"]);
    }
    emulator.setFaults({ latencyMs: 0, failRate: 0, dropRate: 0, rateLimitRate: 0 });
    expect(findDuplicateNames(emulator.trackers())).toEqual([]);
    if (spec.applyExit === 0 && spec.converges !== false) {
      const again = await plan("text");
      expect(again.code, again.io.stdoutText).toBe(0);
      expect(again.io.stdoutText).toContain("No changes.");
    }
  });
});
