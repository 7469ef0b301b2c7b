import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./action-harness.js";

type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Job = { permissions?: Record<string, string>; environment?: string; steps: Step[] };
type Workflow = { on: Record<string, unknown>; permissions?: unknown; concurrency?: { group: string; "cancel-in-progress": boolean }; jobs: Record<string, Job> };

const directory = join(REPO_ROOT, ".github", "workflows");
const load = (name: string) => parse(readFileSync(join(directory, name), "utf8")) as Workflow;
const files = readdirSync(directory).filter((name) => name.endsWith(".yml"));

describe("workflows", () => {
  it("never use pull_request_target and never put event text into a shell line", () => {
    for (const name of files) {
      expect(Object.keys(load(name).on), name).not.toContain("pull_request_target");
      expect(Object.keys(load(name).on), name).not.toContain("workflow_run");
      for (const job of Object.values(load(name).jobs)) {
        for (const step of job.steps) if (step.run) expect(step.run, `${name}: ${step.run}`).not.toMatch(/\$\{\{/);
      }
    }
  });

  it("grant each job only the permissions it needs", () => {
    const expected: Record<string, Record<string, Record<string, string>>> = {
      "trackers-pr.yml": { plan: { contents: "read", "pull-requests": "write" } },
      "trackers-apply.yml": { apply: { contents: "read", "pull-requests": "write" } },
      "trackers-drift.yml": { drift: { contents: "read", issues: "write" } },
    };
    for (const [name, jobs] of Object.entries(expected)) {
      const workflow = load(name);
      expect(workflow.permissions, name).toEqual({});
      for (const [job, permissions] of Object.entries(jobs)) expect(workflow.jobs[job]?.permissions, `${name} ${job}`).toEqual(permissions);
    }
    expect(load("ci.yml").permissions).toEqual({ contents: "read" });
  });

  it("run the local action with the right command, and keep secrets for the environment on apply and drift", () => {
    // Local action: the base-branch checkout on pull requests, the default branch's checkout otherwise
    // (test/security/workflows-pr-code.test.ts holds the rules for which code may run with secrets).
    const actionStep = (name: string, job: string) => load(name).jobs[job]!.steps.find((step) => step.uses?.startsWith("./"));
    expect(actionStep("trackers-pr.yml", "plan")?.with?.command).toBe("plan");
    expect(actionStep("trackers-apply.yml", "apply")?.with?.command).toBe("apply");
    expect(actionStep("trackers-drift.yml", "drift")?.with?.command).toBe("drift");
    expect(load("trackers-apply.yml").jobs.apply!.environment).toBe("symbl-production");
    expect(load("trackers-drift.yml").jobs.drift!.environment).toBe("symbl-production");
    expect(load("trackers-apply.yml").concurrency).toEqual({ group: "tracker-sync-apply", "cancel-in-progress": false });
    expect(Object.keys(load("trackers-pr.yml").on)).toEqual(["pull_request"]);
    expect(Object.keys(load("trackers-drift.yml").on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  });

  it("declare every input and output the action reads or sets", () => {
    const action = parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(Object.keys(action.inputs).sort()).toEqual(
      ["api-generation", "command", "comment", "config", "environment", "github-token", "path", "prune", "symbl-api-url", "symbl-api-urls", "symbl-app-id", "symbl-app-secret"].sort(),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(["applied", "drift-issue", "failed", "fingerprint", "has-changes", "id-changes", "plan-json", "summary"].sort());
  });
});
