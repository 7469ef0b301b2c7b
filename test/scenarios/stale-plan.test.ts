import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { PLAN_FORMAT_VERSION, type Plan } from "../../src/model/plan.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, fastApi, readScenario, startScenarioEmulator } from "./scenario-harness.js";

describe("stale plan refusal", () => {
  let emulator: RunningEmulator | undefined;
  let outDir: string | undefined;
  afterEach(async () => {
    await emulator?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("refuses apply --plan with exit 3 and names what changed, then applies a fresh reviewed plan", async () => {
    const { dir, live } = await readScenario("stale-plan");
    emulator = await startScenarioEmulator(live);
    outDir = await mkdtemp(join(tmpdir(), "tracker-sync-stale-"));
    const planFile = join(outDir, "plan.json");
    const env = emulatorEnv(emulator);
    const planIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan", "--format", "json", "--out", planFile], planIo)).toBe(0);
    const reviewed = JSON.parse(await readFile(planFile, "utf8")) as Plan;
    expect(reviewed.summary).toMatchObject({ create: 1, update: 1 });

    // Someone edits the account between review and apply.
    await fastApi(emulator).createTracker({ name: "Billing Dispute", vocabulary: ["charged twice"] });

    const applyIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--plan", planFile], applyIo)).toBe(3);
    expect(applyIo.stderrText).toContain("The live account changed since the plan was reviewed.");
    expect(applyIo.stderrText).toContain('No longer planned: create "Billing Dispute" with 5 phrases.');
    expect(applyIo.stderrText).toContain('Newly planned: update "Billing Dispute"');
    expect(emulator.trackers().find((tracker) => tracker.name === "Billing Dispute")?.vocabulary).toEqual(["charged twice"]);

    const fingerprintIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--expect-fingerprint", reviewed.fingerprint], fingerprintIo)).toBe(3);
    expect(fingerprintIo.stderrText).toMatch(/not the expected [0-9a-f]{64}: the live account or the definitions changed/);

    const freshIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan", "--format", "json", "--out", planFile], freshIo)).toBe(0);
    const okIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--plan", planFile], okIo), okIo.stderrText).toBe(0);
    expect(okIo.stdoutText).toContain("Verified: the account now matches the repository.");
  });

  it("plan --out saves the JSON plan apply --plan consumes, whatever --format prints", async () => {
    const { dir, live } = await readScenario("stale-plan");
    emulator = await startScenarioEmulator(live);
    outDir = await mkdtemp(join(tmpdir(), "tracker-sync-stale-"));
    const env = emulatorEnv(emulator);
    const printed: Record<string, string> = {};
    for (const format of ["text", "markdown", "json"]) {
      const planIo = createCapturedIo({ cwd: dir, env });
      expect(await runCli(["plan", "--format", format, "--out", join(outDir, `${format}.plan`)], planIo)).toBe(0);
      expect(planIo.stderrText).toContain(`Apply exactly this plan with 'tracker-sync apply --plan ${join(outDir, `${format}.plan`)}'.`);
      printed[format] = planIo.stdoutText;
    }
    expect(printed.text).toContain("Plan: 1 to create, 1 to update");
    expect(printed.markdown).toMatch(/^#|\|/m);
    const saved = await Promise.all(["text", "markdown", "json"].map((format) => readFile(join(outDir!, `${format}.plan`), "utf8")));
    expect(saved[0]).toBe(saved[1]);
    expect(saved[1]).toBe(saved[2]);
    expect(JSON.parse(saved[0]!)).toMatchObject({ formatVersion: PLAN_FORMAT_VERSION, summary: { create: 1, update: 1 } });
    expect(JSON.parse(printed.json!)).toEqual(JSON.parse(saved[0]!));

    const applyIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--plan", join(outDir, "markdown.plan")], applyIo), applyIo.stderrText).toBe(0);
    expect(applyIo.stdoutText).toContain("Verified: the account now matches the repository.");
  });

  it("refuses when the definitions changed since review", async () => {
    const { dir, live } = await readScenario("stale-plan");
    emulator = await startScenarioEmulator(live);
    const env = emulatorEnv(emulator);
    const planIo = createCapturedIo({ cwd: dir, env });
    await runCli(["plan", "--format", "json"], planIo);
    const reviewed = JSON.parse(planIo.stdoutText) as Plan;
    const edited: Plan = { ...reviewed, desiredFingerprint: "0".repeat(64), fingerprint: "1".repeat(64) };
    outDir = await mkdtemp(join(tmpdir(), "tracker-sync-stale-"));
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(outDir, "plan.json"), JSON.stringify(edited));
    const applyIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--plan", join(outDir, "plan.json")], applyIo)).toBe(3);
    expect(applyIo.stderrText).toContain("The tracker definitions (or the prune, ownership or guard settings) changed since the plan was reviewed.");
    expect(emulator.trackers()).toHaveLength(1);
  });

  it("rejects a file that is not a plan", async () => {
    const { dir, live } = await readScenario("stale-plan");
    emulator = await startScenarioEmulator(live);
    outDir = await mkdtemp(join(tmpdir(), "tracker-sync-stale-"));
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(outDir, "plan.json"), '{"hello": 1}');
    const io = createCapturedIo({ cwd: dir, env: emulatorEnv(emulator) });
    expect(await runCli(["apply", "--yes", "--plan", join(outDir, "plan.json")], io)).toBe(1);
    expect(io.stderrText).toContain("is not a plan saved by 'tracker-sync plan --out FILE'");
  });
});
