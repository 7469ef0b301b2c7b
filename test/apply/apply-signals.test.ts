import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, readScenario, SCENARIOS_DIR, startScenarioEmulator } from "../scenarios/scenario-harness.js";

// The "faults" scenario's definitions without its faults: 4 operations (rename PUT, bulk create, update PUT, delete).
const SCENARIO = "faults";

describe("apply: Ctrl-C and progress lines", () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it("on SIGINT finishes the request in flight, says what was applied and what was not, exits 130; apply again completes it", async () => {
    const { live } = await readScenario(SCENARIO);
    emulator = await startScenarioEmulator(live);
    const dir = join(SCENARIOS_DIR, SCENARIO);
    const env = emulatorEnv(emulator);
    const io = createCapturedIo({ cwd: dir, env });
    // The signal arrives as soon as the first operation reports done, i.e. while the second is being sent.
    const stderr = io.stderr;
    io.stderr = (text) => {
      stderr(text);
      if (text.startsWith("[1/4] ok")) io.sendSignal("SIGINT");
    };
    expect(await runCli(["apply", "--yes"], io)).toBe(130);
    const err = io.stderrText;
    expect(err).toContain("SIGINT received: stopping after the request in flight");
    expect(err).toMatch(/\[1\/4\] ok +rename/);
    expect(err).toMatch(/\[2\/4\] ok +create 2 tracker\(s\)/);
    expect(err).not.toContain("[3/4]");
    expect(err).toContain("Apply was interrupted (SIGINT) and stopped after the request in flight.");
    expect(err).toMatch(/Applied \(3\):\n {4}rename "Cancellation Request" \(id 1000000000000043\)\n {4}create "Promotion Mention" \(id \d+\)\n {4}create "Refund Request" \(id \d+\)\n/);
    expect(err).toMatch(/Not applied \(2\):\n {4}update "Billing Dispute" \(id \d+\)\n {4}delete "Stale" \(id 1000000000000042\)\n/);
    expect(err).toContain("Run 'tracker-sync apply' again to complete it");
    const names = emulator
      .trackers()
      .map((tracker) => tracker.name)
      .sort();
    expect(names).toEqual(["Billing Dispute", "Cancellation Request", "Promotion Mention", "Refund Request", "Stale"]);

    const again = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["apply", "--yes"], again)).toBe(0);
    expect(again.stdoutText).toContain("Plan: 0 to create, 1 to update, 0 to rename, 1 to delete");
    expect(again.stdoutText).toContain("Verified: the account now matches the repository.");
  });

  it("a signal before the first write applies nothing and says so", async () => {
    const { live } = await readScenario(SCENARIO);
    emulator = await startScenarioEmulator(live);
    const io = createCapturedIo({ cwd: join(SCENARIOS_DIR, SCENARIO), env: emulatorEnv(emulator), stdinIsTTY: true });
    io.prompt = async () => {
      io.sendSignal("SIGTERM");
      return "yes";
    };
    expect(await runCli(["apply", "--format", "json"], io)).toBe(130);
    expect(io.stderrText).toContain("Applied: nothing.\n  Not applied (5):");
    expect(JSON.parse(io.stdoutText).outcomes.every((outcome: { status: string }) => outcome.status === "skipped")).toBe(true);
    expect(emulator.requests().filter((request) => request.method !== "GET" && !request.path.startsWith("/oauth2"))).toEqual([]);
  });

  it("without a terminal prints one plain line per operation, plus one per retry or wait", async () => {
    const { live } = await readScenario(SCENARIO);
    // Every third request answers 429 with Retry-After: 0, so waits happen on reads and writes alike.
    emulator = await startScenarioEmulator(live, { rateLimitRate: 0.4, retryAfterSeconds: 0, seed: 7 });
    const io = createCapturedIo({ cwd: join(SCENARIOS_DIR, SCENARIO), env: emulatorEnv(emulator), isTTY: false });
    expect(await runCli(["apply", "--yes"], io), io.stderrText).toBe(0);
    const lines = io.stderrText.split("\n").filter((line) => line.startsWith("["));
    const operations = lines.filter((line) => /^\[\d\/4\] (ok|FAILED)/.test(line));
    expect(operations.map((line) => line.slice(0, 5))).toEqual(["[1/4]", "[2/4]", "[3/4]", "[4/4]"]);
    expect(lines).toContain("[verify] ok     verify");
    const waits = lines.filter((line) => / wait +(GET|POST|PUT|DELETE) /.test(line));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toMatch(/^\[(plan|verify|\d\/4)\] wait +[A-Z]+ \/\S*: 429 Too Many Requests; the server asked to wait 0\.0 s before attempt \d of \d+$/);
    expect(io.stderrText).not.toContain("\u001b[");
  });

  it("a real Ctrl-C (SIGINT to the process) ends apply with exit 130 and the report", async () => {
    const { live } = await readScenario(SCENARIO);
    // Slow requests, so the signal surely lands while an operation is in flight.
    emulator = await startScenarioEmulator(live, { latencyMs: 400 });
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "..", "src", "cli", "bin.ts"), "apply", "--yes"], {
      cwd: join(SCENARIOS_DIR, SCENARIO),
      env: { ...process.env, ...emulatorEnv(emulator), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!stderr.includes("[1/4] ok") && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(stderr).toContain("Apply was interrupted (SIGINT) and stopped after the request in flight.");
      expect(stderr).toMatch(/Not applied \(\d\):[\s\S]*delete "Stale"/);
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
