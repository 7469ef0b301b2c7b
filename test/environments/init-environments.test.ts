import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../src/cli/main.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { createCapturedIo } from "../helpers/cli-io.js";

type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { needs?: string; environment?: string; permissions?: Record<string, string>; strategy?: { "max-parallel"?: number; matrix?: Record<string, string[]> }; steps: Step[] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracker-sync-init-envs-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const io = createCapturedIo({ cwd: dir });
  return { code: await runCli(args, io), out: io.stdoutText, err: io.stderrText };
}
const workflow = async (name: string) => parse(await readFile(join(dir, ".github", "workflows", name), "utf8")) as { permissions: unknown; jobs: Record<string, Job> };

describe("tracker-sync init --environments", () => {
  it("scaffolds a two-environment config and workflows: staging applied before production, each in its own GitHub environment", async () => {
    const result = await cli(["init", "--action", "acme/tracker-sync@v1", "--environments", "staging,production"]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('create the environments "symbl-staging", "symbl-production"');
    expect(await cli(["validate"])).toEqual({ code: 0, out: "No problems found.\n", err: "" });

    const { config, findings } = parseConfig("tracker-sync.yaml", await readFile(join(dir, "tracker-sync.yaml"), "utf8"));
    expect(findings).toEqual([]);
    expect(config.environments).toMatchObject([
      { name: "staging", prune: true, credentials: { appId: "STAGING_SYMBL_APP_ID", appSecret: "STAGING_SYMBL_APP_SECRET" } },
      { name: "production", credentials: { appId: "PRODUCTION_SYMBL_APP_ID", appSecret: "PRODUCTION_SYMBL_APP_SECRET" } },
    ]);

    const apply = await workflow("trackers-apply.yml");
    expect(Object.keys(apply.jobs)).toEqual(["apply-staging", "apply-production"]);
    expect(apply.jobs["apply-production"]).toMatchObject({ needs: "apply-staging", environment: "symbl-production" });
    expect(apply.jobs["apply-staging"]!.steps[1]!.with).toMatchObject({ command: "apply", environment: "staging", "symbl-api-url": "https://api.symbl.ai" });

    const plan = (await workflow("trackers-pr.yml")).jobs.plan!;
    expect(plan.steps[1]!.with!["symbl-api-urls"]).toBe("staging=https://api.symbl.ai\nproduction=https://api.symbl.ai\n");
    expect(Object.keys(plan.steps[1]!.env!)).toEqual(["STAGING_SYMBL_APP_ID", "STAGING_SYMBL_APP_SECRET", "PRODUCTION_SYMBL_APP_ID", "PRODUCTION_SYMBL_APP_SECRET"]);
    expect(plan.environment).toBeUndefined();

    const drift = (await workflow("trackers-drift.yml")).jobs.drift!;
    expect(drift.strategy).toMatchObject({ "max-parallel": 1, matrix: { environment: ["staging", "production"] } });
    for (const name of ["trackers-pr.yml", "trackers-apply.yml", "trackers-drift.yml"]) {
      const parsed = await workflow(name);
      expect(parsed.permissions).toEqual({});
      for (const job of Object.values(parsed.jobs)) {
        expect(job.permissions?.contents).toBe("read");
        for (const step of job.steps) if (step.uses?.startsWith("actions/")) expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
      }
    }
  });

  it("refuses names tracker-sync.yaml would refuse, and writes nothing", async () => {
    for (const value of ["Staging,production", "all", "staging,staging", ","]) {
      const result = await cli(["init", "--environments", value]);
      expect(result.code, value).toBe(1);
      expect(result.err, value).toMatch(/--environments/);
    }
    expect(await readFile(join(dir, "tracker-sync.yaml"), "utf8").catch(() => "absent")).toBe("absent");
  });
});
