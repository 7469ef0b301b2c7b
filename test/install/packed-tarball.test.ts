import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// "Done" for adoption, as a new user meets it: the packed tarball installed into an empty directory, then
// init, validate and plan against the emulator, all through the installed bin and nothing else. npm runs with
// --offline and a fresh cache: the bundle has no dependencies, so nothing may need the network.

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "..", "..");
// npm pack builds dist/cli.js (prepare) and compresses ~5 MB; on a loaded 2-core machine that takes a while.
const SETUP_TIMEOUT_MS = 180_000;

let work: string;
let app: string;
let tarball: string;
let npmEnv: NodeJS.ProcessEnv;
let bin: string;

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  for (const name of ["SYMBL_API_URL", "SYMBL_APP_ID", "SYMBL_APP_SECRET", "SYMBL_ACCESS_TOKEN"]) if (!(name in extra)) delete env[name];
  return env;
}

async function trackerSync(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: app, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tracker-sync-pack-"));
  app = join(work, "app");
  await mkdir(app);
  npmEnv = cleanEnv({ npm_config_cache: join(work, "npm-cache"), npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" });
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: REPO_ROOT, env: npmEnv, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  tarball = join(work, packed!.filename);
  await run("npm", ["install", "--offline", "--no-save", tarball], { cwd: app, env: npmEnv });
  bin = join(app, "node_modules", "tracker-sync", "dist", "cli.js");
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed tarball, installed in an empty directory", () => {
  it("installs a tracker-sync bin that prints the package.json version", async () => {
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect(existsSync(join(app, "node_modules", ".bin", "tracker-sync"))).toBe(true);
    const result = await trackerSync(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(existsSync(join(app, "node_modules", "tracker-sync", "schemas", "tracker.schema.json"))).toBe(true);
  });

  it("init, then validate, then plan against the emulator, with no other step", async () => {
    const init = await trackerSync(["init"]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("created     .github/workflows/trackers-pr.yml");
    // Installed locally, so the editor's $schema is the installed copy.
    const tracker = await readFile(join(app, "trackers", "cancellation-request.yaml"), "utf8");
    expect(tracker.split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/tracker-sync/schemas/tracker.schema.json");

    expect(await trackerSync(["validate"])).toEqual({ code: 0, stdout: "No problems found.\n", stderr: "" });

    const emulator = spawn(process.execPath, [bin, "emulator", "--port", "0"], { cwd: app, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let banner = "";
    emulator.stdout.on("data", (chunk: Buffer) => (banner += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => emulator.on("exit", (code) => resolve(code)));
    try {
      const url = await waitFor(() => /export SYMBL_API_URL=(\S+)/.exec(banner)?.[1], 30_000);
      const env = cleanEnv({ SYMBL_API_URL: url, SYMBL_APP_ID: "emulator-app-id", SYMBL_APP_SECRET: "emulator-app-secret" });
      const plan = await trackerSync(["plan", "--detailed-exitcode"], env);
      expect(plan.code, plan.stderr).toBe(2);
      expect(plan.stdout).toContain(`+ create "Cancellation Request" (6 phrases)`);
      expect(plan.stdout).toContain("Plan: 1 to create");
    } finally {
      emulator.kill("SIGTERM");
      await exited;
    }
  });

  it("runs through npx from the tarball", async () => {
    const { stdout } = await run("npm", ["exec", "--offline", "--yes", `--package=${tarball}`, "--", "tracker-sync", "--help"], { cwd: work, env: npmEnv });
    expect(stdout).toContain("Usage: tracker-sync <command> [options]");
    expect(stdout).toContain("init");
  });
});

async function waitFor<T>(read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("The emulator did not print its URL in time.");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
