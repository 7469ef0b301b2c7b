import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import type { Plan } from "../../src/model/plan.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, fastApi, readScenario, startScenarioEmulator } from "./scenario-harness.js";

describe("generation 2 against the emulator over HTTP", () => {
  let emulator: RunningEmulator | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("keeps every id through a rename and a phrase removal, never touches Symbl-managed trackers, and converges", async () => {
    const { dir: scenarioDir, live } = await readScenario("gen2-patch");
    emulator = await startScenarioEmulator(live, {}, 2);
    const env = emulatorEnv(emulator);
    const managedBefore = emulator.trackers().filter((tracker) => tracker.managed);
    expect(managedBefore.length).toBeGreaterThan(0);
    const before = emulator.requests().length;

    const io = createCapturedIo({ cwd: scenarioDir, env });
    expect(await runCli(["apply", "--yes", "--format", "json"], io), io.stderrText).toBe(0);
    const result = JSON.parse(io.stdoutText) as { verified: boolean; idChanges: unknown[] };
    expect(result).toMatchObject({ verified: true, idChanges: [] });

    const byName = new Map(emulator.trackers().map((tracker) => [tracker.name, tracker]));
    expect(byName.get("Refund Request")).toMatchObject({ id: "2000000000000001", vocabulary: ["refund please", "money back", "want a refund", "return the item", "reimburse me"] });
    expect(byName.get("Pricing Questions")).toMatchObject({ id: "2000000000000002", categories: ["Sales"], languages: ["en-US", "en-GB"], description: "Prospect asks about prices." });
    expect(byName.has("Refunds")).toBe(false);
    const writes = emulator
      .requests()
      .slice(before)
      .filter((entry) => entry.method !== "GET" && !entry.path.startsWith("/oauth2"));
    const calls = writes.map((entry) => `${entry.method} ${entry.path}`);
    // Apply frames plan.operations with the account lock: created first, deleted last.
    expect(calls.shift()).toBe("POST /v1/manage/trackers");
    expect(calls.pop()).toMatch(/^DELETE \/v1\/manage\/trackers\/\d+$/);
    expect(calls).toEqual(["PATCH /v1/manage/trackers/2000000000000001", "POST /v1/manage/trackers", "PATCH /v1/manage/trackers/2000000000000002"]);
    expect(emulator.trackers().filter((tracker) => tracker.managed)).toEqual(managedBefore);

    const again = createCapturedIo({ cwd: scenarioDir, env });
    expect(await runCli(["plan", "--detailed-exitcode"], again), again.stdoutText).toBe(0);
    expect(again.stdoutText).toContain("No changes.");
  });

  it("export --api-generation 2 writes description, categories and languages, skips managed trackers, and plan then shows no changes", async () => {
    const { live } = await readScenario("gen2-patch");
    emulator = await startScenarioEmulator(live, {}, 2);
    const env = emulatorEnv(emulator);
    dir = await mkdtemp(join(tmpdir(), "tracker-sync-gen2-export-"));
    const io = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["export", "--api-generation", "2"], io), io.stderrText).toBe(0);
    expect(io.stdoutText).toContain("Exported 3 tracker(s) to trackers: 3 written, 0 already up to date. Skipped 3 Symbl-managed tracker(s)");
    expect((await readdir(join(dir, "trackers"))).sort()).toEqual(["greeting.yaml", "pricing-questions.yaml", "refunds.yaml"]);
    expect(parse(await readFile(join(dir, "trackers", "refunds.yaml"), "utf8"))).toMatchObject({ description: "Customer asks for money back.", categories: ["Support"], languages: ["en-US"] });

    const plan = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan", "--api-generation", "2", "--detailed-exitcode"], plan), plan.stdoutText + plan.stderrText).toBe(0);
    expect(plan.stdoutText).toContain("No changes.");
  });

  it("refuses to send a generation-2 plan through a generation-1 client, and rejects a bad --api-generation", async () => {
    const { dir: scenarioDir, live } = await readScenario("gen2-patch");
    emulator = await startScenarioEmulator(live, {}, 2);
    const env = emulatorEnv(emulator);
    const planned = createCapturedIo({ cwd: scenarioDir, env });
    expect(await runCli(["plan", "--format", "json"], planned)).toBe(0);
    const writesBefore = emulator.requests().filter((entry) => entry.method !== "GET").length;
    await expect(applyPlan(JSON.parse(planned.stdoutText) as Plan, fastApi(emulator))).rejects.toThrow(/made for Symbl's generation-2 trackers API.*nothing was applied/);
    expect(emulator.requests().filter((entry) => entry.method !== "GET").length).toBe(writesBefore);
    expect(emulator.trackers().find((tracker) => tracker.id === "2000000000000001")?.name).toBe("Refunds");

    const bad = createCapturedIo({ cwd: scenarioDir, env });
    expect(await runCli(["plan", "--api-generation", "3"], bad)).toBe(1);
    expect(bad.stderrText).toContain("--api-generation must be 1");
  });
});
