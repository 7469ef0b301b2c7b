import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, readScenario, SCENARIOS_DIR, startScenarioEmulator } from "../scenarios/scenario-harness.js";
import { join } from "node:path";

describe("tracker-sync apply and plan on the command line", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => emulator?.close());

  async function setUp(name: string) {
    const { dir, live } = await readScenario(name);
    emulator = await startScenarioEmulator(live);
    return { dir, env: emulatorEnv(emulator) };
  }

  it("requires --yes when stdin is not a terminal, before touching anything", async () => {
    const { dir, env } = await setUp("create");
    const io = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply"], io)).toBe(1);
    expect(io.stderrText).toMatch(/stdin is not a terminal, so it cannot ask for confirmation.*apply --yes/);
    expect(emulator?.requests()).toEqual([]);
  });

  it("asks on a terminal and writes nothing unless the answer is yes", async () => {
    const { dir, env } = await setUp("create");
    const no = createCapturedIo({ cwd: dir, env, stdinIsTTY: true, answers: ["y"] });
    expect(await runCli(["apply"], no)).toBe(1);
    expect(no.stderrText).toContain("Only 'yes' is accepted");
    expect(no.stderrText).toContain("Apply cancelled; nothing was changed.");
    expect(emulator?.trackers()).toEqual([]);

    const yes = createCapturedIo({ cwd: dir, env, stdinIsTTY: true, isTTY: true, answers: ["yes"] });
    expect(await runCli(["apply", "--no-color"], yes)).toBe(0);
    expect(yes.stdoutText).toContain("Plan: 2 to create");
    expect(yes.stderrText).toMatch(/\[1\/1\] ok +create 2 tracker\(s\) in one request/);
    expect(yes.stderrText).toContain("[verify] ok");
    expect(
      emulator
        ?.trackers()
        .map((tracker) => tracker.name)
        .sort(),
    ).toEqual(["Billing Dispute", "Refund Request"]);
  });

  it("prints no changes and exits 0 when there is nothing to apply", async () => {
    const { dir, env } = await setUp("prune-off");
    const io = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(io.stdoutText)).toMatchObject({ formatVersion: 1, outcomes: [], verified: true });
    expect(io.stderrText).toContain("No changes.");
  });

  it("exits 3 for a guard on apply and names the guard", async () => {
    const { dir, env } = await setUp("guard-max-deletes");
    const io = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes", "--prune"], io)).toBe(3);
    expect(io.stderrText).toContain("more than guards.maxDeletes (5)");
    expect(emulator?.trackers()).toHaveLength(12);
  });

  it("prints findings and exits 1 when validation fails, without a network call", async () => {
    const { env } = await setUp("create");
    const dir = join(SCENARIOS_DIR, "..", "apply", "fixtures", "invalid");
    const io = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan"], io)).toBe(1);
    expect(io.stderrText).toContain("trackers/bad.yaml");
    expect(io.stderrText).toContain("so no plan was made");
    expect(emulator?.requests()).toEqual([]);
  });

  it("says which variables to set when credentials are missing", async () => {
    const { dir } = await setUp("create");
    const io = createCapturedIo({ cwd: dir, env: {} });
    expect(await runCli(["plan"], io)).toBe(1);
    expect(io.stderrText).toContain("Set SYMBL_APP_ID and SYMBL_APP_SECRET (or SYMBL_ACCESS_TOKEN)");
  });

  it("rejects an unknown format and shows help", async () => {
    const { dir, env } = await setUp("create");
    const bad = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan", "--format", "yaml"], bad)).toBe(1);
    expect(bad.stderrText).toContain("Unknown --format 'yaml'");
    const help = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--help"], help)).toBe(0);
    expect(help.stdoutText).toContain("--expect-fingerprint HASH");
  });
});
