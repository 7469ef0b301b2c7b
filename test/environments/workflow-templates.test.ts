import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { REPO_ROOT } from "../action/action-harness.js";

type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { permissions?: Record<string, string>; environment?: string; needs?: string | string[]; strategy?: { "max-parallel"?: number; matrix?: Record<string, string[]> }; steps: Step[] };
type Workflow = { on: Record<string, unknown>; permissions?: unknown; jobs: Record<string, Job> };

const directory = join(REPO_ROOT, "docs", "examples", "environments");
const read = (name: string) => readFileSync(join(directory, name), "utf8");
const load = (name: string) => parse(read(name)) as Workflow;
const WORKFLOWS = ["trackers-pr.yml", "trackers-apply.yml", "trackers-drift.yml"];
const actionStep = (job: Job) => job.steps.find((step) => step.uses?.startsWith("OWNER/tracker-sync@"))!;

describe("the two-environment templates in docs/environments.md", () => {
  it("are the files in docs/examples/environments, verbatim, and the config example is valid", () => {
    const doc = readFileSync(join(REPO_ROOT, "docs", "environments.md"), "utf8");
    for (const name of [...WORKFLOWS, "tracker-sync.yaml"]) expect(doc, name).toContain(read(name).trimEnd());
    const { config, findings } = parseConfig("tracker-sync.yaml", read("tracker-sync.yaml"));
    expect(findings).toEqual([]);
    expect(config.environments?.map((environment) => environment.name)).toEqual(["staging", "production"]);
  });

  it("apply staging first, then production in its own GitHub environment, only after staging succeeded", () => {
    const { jobs } = load("trackers-apply.yml");
    expect(Object.keys(jobs)).toEqual(["apply-staging", "apply-production"]);
    expect(jobs["apply-staging"]!.environment).toBe("symbl-staging");
    expect(jobs["apply-production"]!.environment).toBe("symbl-production");
    expect(jobs["apply-production"]!.needs).toBe("apply-staging");
    expect(actionStep(jobs["apply-staging"]!).with).toMatchObject({ command: "apply", environment: "staging" });
    expect(actionStep(jobs["apply-production"]!).with).toMatchObject({ command: "apply", environment: "production" });
  });

  it("name every origin in the workflow and keep drift one environment at a time", () => {
    const plan = actionStep(load("trackers-pr.yml").jobs.plan!);
    expect(plan.with!["symbl-api-urls"]).toBe("staging=https://api.symbl.ai\nproduction=https://api.symbl.ai\n");
    expect(Object.keys(plan.env!)).toEqual(["STAGING_SYMBL_APP_ID", "STAGING_SYMBL_APP_SECRET", "PRODUCTION_SYMBL_APP_ID", "PRODUCTION_SYMBL_APP_SECRET"]);
    const drift = load("trackers-drift.yml").jobs.drift!;
    expect(drift.strategy).toMatchObject({ "max-parallel": 1, matrix: { environment: ["staging", "production"] } });
    for (const job of Object.values(load("trackers-apply.yml").jobs)) expect(actionStep(job).with!["symbl-api-url"]).toBe("https://api.symbl.ai");
  });

  it("keep least privilege, pinned actions and no expressions in run lines", () => {
    for (const name of WORKFLOWS) {
      const workflow = load(name);
      expect(workflow.permissions, name).toEqual({});
      expect(Object.keys(workflow.on), name).not.toContain("pull_request_target");
      for (const job of Object.values(workflow.jobs)) {
        expect(
          Object.values(job.permissions ?? {}).every((level) => level === "read" || level === "write"),
          name,
        ).toBe(true);
        expect(job.permissions?.contents, name).toBe("read");
        for (const step of job.steps) {
          if (step.run) expect(step.run).not.toMatch(/\$\{\{/);
          if (step.uses?.startsWith("actions/")) expect(step.uses, name).toMatch(/@[0-9a-f]{40}$/);
        }
      }
    }
  });
});
