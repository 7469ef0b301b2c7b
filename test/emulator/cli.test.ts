import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { call, fetchToken } from "./emulator-client.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "emulator-cli-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("tracker-sync emulator (in process)", () => {
  it.each([
    [["--port", "abc"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be between 0 and 65535/],
    [["--fail-rate", "1.5"], /--fail-rate must be a probability/],
    [["--drop-rate", "x"], /--drop-rate must be a probability/],
    [["--latency-ms=-3"], /--latency-ms must be between/],
    [["--put-mode", "merge"], /--put-mode must be "append" or "replace"/],
    [["--app-id", "only-id"], /--app-id and --app-secret go together/],
    [["--seed", "1.5"], /--seed must be a whole number/],
    [["--api-generation", "3"], /--api-generation must be 1 .* or 2/],
    [["--bogus"], /Unknown option/],
  ])("rejects %j with a clear error and exit 1", async (args, message) => {
    const io = createCapturedIo({ cwd: directory });
    expect(await runCli(["emulator", ...args], io)).toBe(1);
    expect(io.stderrText).toMatch(message);
  });

  it("prints help", async () => {
    const io = createCapturedIo({ cwd: directory });
    expect(await runCli(["emulator", "--help"], io)).toBe(0);
    expect(io.stdoutText).toMatch(/--rate-limit-rate P/);
    expect(io.stdoutText).toMatch(/--api-generation N/);
  });

  it("--api-generation 2 says so in the banner and serves the Symbl-managed trackers", async () => {
    const io = createCapturedIo({ cwd: directory });
    const running = runCli(["emulator", "--port", "0", "--api-generation", "2"], io);
    for (let attempt = 0; attempt < 200 && !io.stdoutText.includes("listening on"); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /listening on (\S+)/.exec(io.stdoutText)?.[1] ?? "";
    expect(io.stdoutText).toContain("API:        generation 2");
    const token = await fetchToken(url);
    const listed = await call(url, "GET", "/v1/manage/trackers", { token });
    expect(listed.json.trackers.filter((tracker: { managed?: boolean }) => tracker.managed).length).toBe(3);
    io.sendSignal("SIGTERM");
    expect(await running).toBe(0);
  });

  it("reports a corrupt data file as an error naming the file", async () => {
    const io = createCapturedIo({ cwd: directory });
    await import("node:fs/promises").then((fs) => fs.writeFile(join(directory, "state.json"), "nope"));
    expect(await runCli(["emulator", "--port", "0", "--data", "state.json"], io)).toBe(1);
    expect(io.stderrText).toContain(`Error: The emulator data file ${join(directory, "state.json")} is not valid JSON`);
  });

  it("serves until a signal, prints the URL and default credentials, resolves --data against the working directory", async () => {
    const io = createCapturedIo({ cwd: directory });
    const running = runCli(["emulator", "--port", "0", "--data", "state.json", "--put-mode", "replace"], io);
    const url = await waitForUrl(() => io.stdoutText);
    expect(io.stdoutText).toContain("emulator-app-secret");
    const token = await fetchToken(url);
    expect((await call(url, "POST", "/v1/manage/tracker", { token, body: { name: "Saved", vocabulary: ["a"] } })).status).toBe(201);
    expect((await call(url, "GET", "/__emulator/faults")).json.putMode).toBe("replace");
    io.sendSignal("SIGINT");
    expect(await running).toBe(0);
    expect(JSON.parse(await readFile(join(directory, "state.json"), "utf8")).trackers[0].name).toBe("Saved");
    await expect(fetch(url)).rejects.toThrow();
  });

  it("never prints a custom app secret", async () => {
    const io = createCapturedIo({ cwd: directory });
    const running = runCli(["emulator", "--port", "0", "--app-id", "custom-id", "--app-secret", "s3cr3t-value"], io);
    const url = await waitForUrl(() => io.stdoutText);
    expect(await fetchToken(url, { appId: "custom-id", appSecret: "s3cr3t-value" })).toBeTruthy();
    io.sendSignal("SIGTERM");
    expect(await running).toBe(0);
    expect(io.stdoutText + io.stderrText).not.toContain("s3cr3t-value");
    expect(io.stdoutText).toContain("custom-id");
  });
});

describe("tracker-sync emulator (child process)", () => {
  it("starts, answers requests and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "emulator", "--port", "0", "--seed", "5"], {
      cwd: join(import.meta.dirname, "..", ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = await waitForUrl(() => stdout, 20_000);
      const token = await fetchToken(url);
      const created = await call(url, "POST", "/v1/manage/tracker", { token, body: { name: "Child", vocabulary: ["a"] } });
      expect(created.status).toBe(201);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toContain("Received SIGTERM");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe("crash durability (child process)", () => {
  it("keeps every acknowledged write when the process is killed with SIGKILL mid-stream", async () => {
    const dataFile = join(directory, "state.json");
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "emulator", "--port", "0", "--data", dataFile], {
      cwd: join(import.meta.dirname, "..", ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    try {
      const url = await waitForUrl(() => stdout, 20_000);
      const token = await fetchToken(url);
      const acknowledged: string[] = [];
      for (let index = 0; index < 40; index += 1) {
        const pending = call(url, "POST", "/v1/manage/tracker", { token, body: { name: `Crash ${index}`, vocabulary: ["a"] } });
        if (index === 30) child.kill("SIGKILL");
        const response = await pending.catch(() => undefined);
        if (response?.status === 201) acknowledged.push(response.json.tracker.id);
        if (!response) break;
      }
      await exited;
      expect(acknowledged.length).toBeGreaterThanOrEqual(30);
      const saved = JSON.parse(await readFile(dataFile, "utf8")) as { trackers: Array<{ id: string }> };
      const savedIds = saved.trackers.map((tracker) => tracker.id);
      for (const id of acknowledged) expect(savedIds).toContain(id);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});

async function waitForUrl(read: () => string, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Symbl emulator listening on (http:\/\/\S+)/.exec(read());
    if (match?.[1]) return match[1];
    if (Date.now() > deadline) throw new Error(`the emulator did not print its URL; output so far:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
