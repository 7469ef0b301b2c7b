import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "./action-harness.js";

type Step = { uses?: string; with?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { environment?: string; steps: Step[] }> };

const directory = join(REPO_ROOT, ".github", "workflows");
const workflows = readdirSync(directory)
  .filter((name) => name.endsWith(".yml"))
  .map((name) => ({ name, text: readFileSync(join(directory, name), "utf8") }));

describe("this repository's workflows", () => {
  it("pin every third-party action to a commit SHA", () => {
    for (const { name, text } of workflows) {
      for (const job of Object.values((parse(text) as Workflow).jobs)) {
        for (const step of job.steps) {
          if (!step.uses || step.uses.startsWith("./")) continue;
          expect(step.uses, name).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        }
      }
    }
  });

  it("never give secrets to a pull-request job that runs the branch's own action code", () => {
    for (const { name, text } of workflows) {
      const workflow = parse(text) as Workflow;
      if (!("pull_request" in workflow.on)) continue;
      for (const job of Object.values(workflow.jobs)) {
        if (!job.steps.some((step) => step.uses?.startsWith("./"))) continue;
        expect(JSON.stringify(job), name).not.toMatch(/secrets\./);
        expect(job.environment, name).toBeUndefined();
      }
    }
  });
});
