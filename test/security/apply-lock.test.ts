import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";

const PHRASES_A = ["alpha call", "bravo call", "charlie call", "delta call", "echo call"];
const PHRASES_B = ["foxtrot call", "golf call", "hotel call", "india call", "juliet call"];

/** One commit: a project directory with prune on, so each commit's apply wants the account to be exactly its trackers. */
async function writeCommit(dir: string, trackers: Record<string, string[]>): Promise<void> {
  await mkdir(path.join(dir, "trackers"), { recursive: true });
  await writeFile(path.join(dir, "tracker-sync.yaml"), "paths: [trackers]\nprune: true\nguards:\n  maxDeletes: 100\n  maxDeletePercent: 100\n");
  for (const [name, phrases] of Object.entries(trackers)) {
    await writeFile(path.join(dir, "trackers", `${name.toLowerCase()}.yaml`), `name: ${name}\nvocabulary:\n${phrases.map((phrase) => `  - ${phrase}`).join("\n")}\n`);
  }
}

function snapshot(emulator: RunningEmulator): Record<string, string[]> {
  return Object.fromEntries(emulator.trackers().map((tracker) => [tracker.name, [...tracker.vocabulary].sort()]));
}

let root: string;
let emulator: RunningEmulator;
let env: Record<string, string>;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tracker-sync-apply-lock-"));
  // Every request takes a while, so two applies started together overlap for sure.
  emulator = await startEmulator({ port: 0, latencyMs: 25, initialTrackers: [{ name: "Shared", vocabulary: ["old call", "kilo call", "lima call", "mike call", "november call"] }] });
  env = { SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET, SYMBL_API_URL: emulator.url };
});

afterEach(async () => {
  await emulator.close();
  await rm(root, { recursive: true, force: true });
});

describe("two applies at once", () => {
  it("one applies, the other is refused (exit 3), and the account is exactly one commit's state", async () => {
    const commitA = { Alpha: PHRASES_A, Shared: PHRASES_A };
    const commitB = { Beta: PHRASES_B, Shared: PHRASES_B };
    await writeCommit(path.join(root, "a"), commitA);
    await writeCommit(path.join(root, "b"), commitB);
    const ioA = createCapturedIo({ cwd: path.join(root, "a"), env });
    const ioB = createCapturedIo({ cwd: path.join(root, "b"), env });
    const codes = await Promise.all([runCli(["apply", "--yes"], ioA), runCli(["apply", "--yes"], ioB)]);

    expect([...codes].sort()).toEqual([0, 3]);
    const refused = codes[0] === 3 ? ioA : ioB;
    expect(refused.stderrText).toMatch(/Another apply holds the account lock 'tracker-sync\.lock' \(lock id [0-9a-f]{16}|The account changed between the plan and taking the apply lock/);
    const winner = codes[0] === 0 ? commitA : commitB;
    const expected = Object.fromEntries(Object.entries(winner).map(([name, phrases]) => [name, [...phrases].sort()]));
    expect(snapshot(emulator)).toEqual(expected);
  });

  it("a stale lock blocks apply with its id, unlock needs that id, and apply works afterwards", async () => {
    await writeCommit(path.join(root, "a"), { Alpha: PHRASES_A });
    const stale = ["tracker-sync apply lock", "lock 0123456789abcdef", "holder crashed runner", "acquired 1700000000", "expires 1700003600"];
    const created = await fetch(`${emulator.url}/v1/manage/tracker`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token(emulator.url)}` },
      body: JSON.stringify({ name: "tracker-sync.lock", vocabulary: stale }),
    });
    expect(created.status).toBeLessThan(300);

    const cwd = path.join(root, "a");
    const blocked = createCapturedIo({ cwd, env });
    expect(await runCli(["apply", "--yes"], blocked)).toBe(3);
    expect(blocked.stderrText).toContain("lock id 0123456789abcdef, held by crashed runner since 2023-11-14T22:13:20.000Z");
    expect(blocked.stderrText).toContain("It expired at 2023-11-14T23:13:20.000Z, so that apply probably crashed.");
    expect(blocked.stderrText).toContain("tracker-sync unlock 0123456789abcdef");
    expect(snapshot(emulator)).not.toHaveProperty("Alpha");

    // Plan treats the lock as infrastructure: not unmanaged, not pruned, not counted.
    const plan = createCapturedIo({ cwd, env });
    expect(await runCli(["plan", "--format", "json"], plan)).toBe(0);
    const planned = JSON.parse(plan.stdoutText) as { changes: Array<{ name: string }>; unmanaged: unknown[]; capacity: { trackersAfter: number } };
    expect(planned.changes.map((change) => change.name).sort()).toEqual(["Alpha", "Shared"]);
    expect(planned.unmanaged).toEqual([]);
    expect(planned.capacity.trackersAfter).toBe(1);

    const wrong = createCapturedIo({ cwd, env });
    expect(await runCli(["unlock", "ffffffffffffffff"], wrong)).toBe(1);
    expect(wrong.stderrText).toContain("has lock id 0123456789abcdef, not ffffffffffffffff, so it was left in place");
    const right = createCapturedIo({ cwd, env });
    expect(await runCli(["unlock", "0123456789abcdef"], right)).toBe(0);
    expect(right.stdoutText).toContain("Removed the account lock.");

    const applied = createCapturedIo({ cwd, env });
    expect(await runCli(["apply", "--yes"], applied)).toBe(0);
    expect(snapshot(emulator)).toEqual({ Alpha: [...PHRASES_A].sort() });
  });

  it("export leaves the lock tracker out", async () => {
    await fetch(`${emulator.url}/v1/manage/tracker`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token(emulator.url)}` },
      body: JSON.stringify({ name: "tracker-sync.lock", vocabulary: ["tracker-sync apply lock", "lock 0123456789abcdef"] }),
    });
    const io = createCapturedIo({ cwd: root, env });
    expect(await runCli(["export", "--out", "exported"], io)).toBe(0);
    expect(io.stdoutText).toContain("Exported 1 tracker(s)");
  });
});

async function token(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth2/token:generate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "application", appId: DEFAULT_EMULATOR_APP_ID, appSecret: DEFAULT_EMULATOR_APP_SECRET }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}
