import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../src/cli/main.js";
import { readGitHubRepository } from "../../src/cli/package-info.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, startScenarioEmulator } from "../scenarios/scenario-harness.js";

type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, { permissions?: Record<string, string>; environment?: string; steps: Step[] }> };

let dir: string;
let emulator: RunningEmulator | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracker-sync-init-"));
});

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const io = createCapturedIo({ cwd: dir, env });
  const code = await runCli(args, io);
  return { code, out: io.stdoutText, err: io.stderrText };
}

const workflow = async (name: string) => parse(await readFile(join(dir, ".github", "workflows", name), "utf8")) as Workflow;

describe("tracker-sync init", () => {
  it("scaffolds config, an example tracker, a sample conversation and three workflows that validate, test and preview", async () => {
    const result = await cli(["init", "--action", "acme/tracker-sync@v1"]);
    expect(result.code, result.err).toBe(0);
    const files = [
      "tracker-sync.yaml",
      "trackers/cancellation-request.yaml",
      "conversations/sample-call.json",
      ".github/workflows/trackers-pr.yml",
      ".github/workflows/trackers-apply.yml",
      ".github/workflows/trackers-drift.yml",
    ];
    for (const file of files) expect(result.out).toContain(`created     ${file}`);
    expect(result.out).toContain("Next steps:");
    expect(await cli(["validate"])).toEqual({ code: 0, out: "No problems found.\n", err: "" });
    expect((await cli(["test"])).code).toBe(0);
    expect((await cli(["preview"])).out).toContain("Cancellation Request: 2 matches");
  });

  it("writes workflows that run only the released Action, with least privilege, pinned checkout and no secrets in PR code", async () => {
    expect((await cli(["init", "--action", "acme/tracker-sync@v1"])).code).toBe(0);
    const expected = {
      "trackers-pr.yml": { job: "plan", command: "plan", permissions: { contents: "read", "pull-requests": "write" }, environment: undefined },
      "trackers-apply.yml": { job: "apply", command: "apply", permissions: { contents: "read", "pull-requests": "write" }, environment: "symbl-production" },
      "trackers-drift.yml": { job: "drift", command: "drift", permissions: { contents: "read", issues: "write" }, environment: "symbl-production" },
    };
    for (const [name, want] of Object.entries(expected)) {
      const loaded = await workflow(name);
      expect(loaded.permissions, name).toEqual({});
      expect(Object.keys(loaded.on), name).not.toContain("pull_request_target");
      const job = loaded.jobs[want.job]!;
      expect(job.permissions, name).toEqual(want.permissions);
      expect(job.environment, name).toBe(want.environment);
      // A job that can hold Symbl secrets runs no shell step: nothing from the branch (npm scripts, binaries) executes.
      expect(
        job.steps.filter((step) => step.run !== undefined),
        name,
      ).toEqual([]);
      for (const step of job.steps) {
        expect(step.uses, name).toMatch(/^(actions\/checkout@[0-9a-f]{40}|acme\/tracker-sync@v1)$/);
        if (step.uses?.startsWith("actions/checkout")) expect(step.with?.["persist-credentials"], name).toBe(false);
      }
      expect(job.steps.find((step) => step.uses === "acme/tracker-sync@v1")?.with?.command, name).toBe(want.command);
    }
    expect(Object.keys((await workflow("trackers-pr.yml")).on)).toEqual(["pull_request"]);
  });

  it("points workflows at this release's major tag and $schema at the published schema when tracker-sync is not installed", async () => {
    expect((await cli(["init"])).code).toBe(0);
    const major = JSON.parse(await readFile(join(import.meta.dirname, "..", "..", "package.json"), "utf8")).version.split(".")[0];
    const pr = await workflow("trackers-pr.yml");
    expect(pr.jobs.plan!.steps[1]!.uses).toMatch(new RegExp(`^[\\w.-]+/tracker-sync@v${major}$`));
    const tracker = await readFile(join(dir, "trackers", "cancellation-request.yaml"), "utf8");
    expect(tracker.split("\n")[0]).toMatch(new RegExp(`^# yaml-language-server: \\$schema=https://raw\\.githubusercontent\\.com/[\\w.-]+/tracker-sync/v${major}/schemas/tracker\\.schema\\.json$`));
    const config = await readFile(join(dir, "tracker-sync.yaml"), "utf8");
    expect(config.split("\n")[0]).toMatch(/\$schema=https:\/\/raw\.githubusercontent\.com\/.+\/schemas\/config\.schema\.json$/);
  });

  it("never overwrites a file that differs without --force, and writes nothing then", async () => {
    await writeFile(join(dir, "tracker-sync.yaml"), "paths: [mine]\n");
    const refused = await cli(["init"]);
    expect(refused).toMatchObject({ code: 1, out: "" });
    expect(refused.err).toBe(
      "Error: init would overwrite 1 existing file(s) whose content differs: tracker-sync.yaml. Nothing was written. Move or commit them and compare, or run init --force to overwrite.\n",
    );
    expect(await readdir(dir)).toEqual(["tracker-sync.yaml"]);
    expect(await readFile(join(dir, "tracker-sync.yaml"), "utf8")).toBe("paths: [mine]\n");

    const forced = await cli(["init", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.out).toContain("overwrote   tracker-sync.yaml");
    expect(await readFile(join(dir, "tracker-sync.yaml"), "utf8")).toContain("paths:\n  - trackers\n");
  });

  it("running init again changes nothing and says so", async () => {
    expect((await cli(["init"])).code).toBe(0);
    const again = await cli(["init"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("(6 file(s) already up to date)");
    expect(again.out).not.toContain("created");
  });

  it("--from-account exports the live trackers instead of the example, and plan then shows no changes", async () => {
    emulator = await startScenarioEmulator([
      { id: "1000000000000401", name: "Refund Request", vocabulary: ["want a refund", "money back", "refund please"] },
      { id: "1000000000000402", name: "Escalation", vocabulary: ["speak to a manager", "escalate this"] },
    ]);
    const env = emulatorEnv(emulator);
    const result = await cli(["init", "--from-account"], env);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain(`Read 2 tracker(s) from ${emulator.url}.`);
    expect((await readdir(join(dir, "trackers"))).sort()).toEqual(["escalation.yaml", "refund-request.yaml"]);
    const plan = await cli(["plan", "--detailed-exitcode"], env);
    expect(plan.code, plan.out + plan.err).toBe(0);
    expect(plan.out).toContain("No changes.");
  });

  it("--from-account with a missing credential names it and writes nothing", async () => {
    const result = await cli(["init", "--from-account"], { SYMBL_APP_ID: "only-the-id" });
    expect(result.code).toBe(1);
    expect(result.err).toContain("SYMBL_APP_SECRET is not set");
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses an --action value that is not OWNER/REPO@REF, since it lands in a uses: line", async () => {
    const result = await cli(["init", "--action", "acme/tracker-sync@v1\nevil: true"]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("is not an Action reference; use OWNER/REPO@REF");
    expect(await readdir(dir)).toEqual([]);
  });

  it("--dir sets up another directory", async () => {
    await mkdir(join(dir, "repo"));
    const result = await cli(["init", "--dir", "repo"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Set up tracker-sync in repo:");
    expect(await readFile(join(dir, "repo", "trackers", "cancellation-request.yaml"), "utf8")).toContain("name: Cancellation Request");
  });
});

describe("readGitHubRepository", () => {
  it("reads OWNER/REPO from the forms package.json repository takes", () => {
    expect(readGitHubRepository("github:acme/tracker-sync")).toBe("acme/tracker-sync");
    expect(readGitHubRepository({ url: "git+https://github.com/acme/tracker-sync.git" })).toBe("acme/tracker-sync");
    expect(readGitHubRepository("acme/tracker-sync")).toBe("acme/tracker-sync");
    expect(readGitHubRepository({ url: "https://gitlab.com/acme/tracker-sync" })).toBeUndefined();
    expect(readGitHubRepository(undefined)).toBeUndefined();
  });
});
