import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../action/action-harness.js";

type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Job = { if?: string; environment?: string; steps: Step[] };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

const workflowDir = join(REPO_ROOT, ".github", "workflows");
const workflows = readdirSync(workflowDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => ({ name, text: readFileSync(join(workflowDir, name), "utf8") }))
  .map(({ name, text }) => ({ name, text, workflow: parse(text) as Workflow }));

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
/**
 * What the templates may show for tracker-sync itself: the placeholder a reader pins to a release commit, and
 * the major tag that the release workflow moves (issue 13: consumers use `uses: OWNER/tracker-sync@v1`).
 */
const DOCUMENTED_PLACEHOLDERS = new Set(["OWNER/tracker-sync@RELEASE_COMMIT_SHA", "OWNER/tracker-sync@v1"]);
const BASE_REF = "${{ github.event.pull_request.base.sha }}";
const PULL_REQUEST_EVENTS = ["pull_request", "pull_request_target", "workflow_run"];

function holdsSecrets(job: Job): boolean {
  return job.environment !== undefined || JSON.stringify(job).includes("secrets.");
}

function normalisePath(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
}

/** Issue 11, item 5: pull-request code never runs with production credentials. */
describe("security: workflows never run pull-request code with secrets", () => {
  it("runs the Action from a base-branch checkout in any pull-request job that holds secrets", () => {
    for (const { name, workflow } of workflows) {
      const onPullRequest = Object.keys(workflow.on).some((event) => PULL_REQUEST_EVENTS.includes(event));
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        if (!holdsSecrets(job)) continue;
        job.steps.forEach((step, index) => {
          if (!step.uses?.startsWith("./")) return;
          const where = `${name} ${jobName}: uses ${step.uses}`;
          if (!onPullRequest) {
            // Push, schedule and dispatch: the checkout is the default branch's reviewed code, and only that.
            expect(job.if, where).toBe("github.ref == 'refs/heads/main'");
            return;
          }
          const local = normalisePath(step.uses);
          expect(local, `${where}: the pull request's own checkout`).not.toBe("");
          const earlier = job.steps.slice(0, index);
          const baseCheckout = earlier.findIndex((candidate) => candidate.uses?.startsWith("actions/checkout@") && normalisePath(candidate.with?.path ?? "") === local);
          expect(baseCheckout, `${where}: no checkout at that path`).toBeGreaterThanOrEqual(0);
          expect(earlier[baseCheckout]!.with?.ref, where).toBe(BASE_REF);
          // A checkout of the pull request after the base one could overwrite it.
          expect(
            earlier.slice(baseCheckout + 1).some((candidate) => candidate.uses?.startsWith("actions/checkout@")),
            where,
          ).toBe(false);
        });
      }
    }
    const plan = workflows.find(({ name }) => name === "trackers-pr.yml")!.workflow.jobs.plan!;
    expect(plan.steps.some((step) => step.uses === "./.tracker-sync-base")).toBe(true);
  });

  it("pins every third-party action in the workflows to a full commit SHA, with the tag in a comment", () => {
    for (const { name, text, workflow } of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (!step.uses || step.uses.startsWith("./")) continue;
          expect(step.uses, name).toMatch(PINNED);
          expect(text, `${name}: ${step.uses}`).toMatch(new RegExp(`${step.uses.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} # v\\d`));
        }
      }
    }
  });

  it("pins every third-party action in the README and docs templates", () => {
    const documents = [
      "README.md",
      ...readdirSync(join(REPO_ROOT, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => join("docs", name)),
    ];
    let checked = 0;
    for (const document of documents) {
      const text = readFileSync(join(REPO_ROOT, document), "utf8");
      for (const block of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
        for (const match of block[1]!.matchAll(/^\s*-?\s*uses:\s*([^\s#]+)/gm)) {
          const uses = match[1]!;
          if (uses.startsWith("./") || DOCUMENTED_PLACEHOLDERS.has(uses)) continue;
          checked++;
          expect(uses, document).toMatch(PINNED);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("keeps the Action bundle's diff visible in pull requests", () => {
    const attributes = existsSync(join(REPO_ROOT, ".gitattributes")) ? readFileSync(join(REPO_ROOT, ".gitattributes"), "utf8") : "";
    const rules = attributes.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
    for (const rule of rules) {
      if (!/dist|\*/.test(rule.split(/\s+/)[0]!)) continue;
      expect(rule).not.toMatch(/-diff|linguist-generated/);
    }
  });
});
