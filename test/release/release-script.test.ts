import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planReleaseTags, readReleaseNotes } from "../../scripts/release.js";

// The CHANGELOG.md shape `npx changeset version` writes: new sections go right under the title.
const CHANGELOG = `# tracker-sync

## 1.1.0

### Minor Changes

- 1a2b3c4: plan --out saves the plan for apply --plan.

## 1.0.0

### Major Changes

- 9e11ca0: First versioned release.
`;

describe("release script", () => {
  it("tags vX.Y.Z and moves the major tag vX", () => {
    expect(planReleaseTags("1.4.2")).toEqual({ version: "1.4.2", tag: "v1.4.2", majorTag: "v1" });
    expect(planReleaseTags("2.0.0").majorTag).toBe("v2");
  });

  it("never moves the major tag for a pre-release, and refuses a version that is not semver", () => {
    expect(planReleaseTags("2.0.0-rc.1")).toEqual({ version: "2.0.0-rc.1", tag: "v2.0.0-rc.1", majorTag: undefined });
    expect(() => planReleaseTags("1.0")).toThrow("package.json version '1.0' is not X.Y.Z semver");
  });

  it("uses the version's CHANGELOG.md section as the release notes", () => {
    expect(readReleaseNotes(CHANGELOG, "1.1.0")).toBe("### Minor Changes\n\n- 1a2b3c4: plan --out saves the plan for apply --plan.");
    expect(readReleaseNotes(CHANGELOG, "1.0.0")).toBe("### Major Changes\n\n- 9e11ca0: First versioned release.");
  });

  it("refuses to release a version without a CHANGELOG.md section, saying how to write one", () => {
    expect(() => readReleaseNotes(CHANGELOG, "1.2.0")).toThrow("CHANGELOG.md has no '## 1.2.0' section. Run 'npx changeset version'");
  });
});

describe("release workflow", () => {
  type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
  const workflow = parse(readFileSync(new URL("../../.github/workflows/release.yml", import.meta.url), "utf8")) as {
    on: { push: { branches: string[] } };
    permissions: unknown;
    jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
  };
  const job = workflow.jobs.release!;

  it("runs on main only, with contents: write and nothing else", () => {
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: "write" });
  });

  it("pins every action to a commit SHA, keeps no git credentials and uses no dependency cache", () => {
    const uses = job.steps.filter((step) => step.uses).map((step) => step.uses!);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    expect(job.steps.find((step) => step.uses?.startsWith("actions/checkout@"))?.with?.["persist-credentials"]).toBe(false);
    for (const step of job.steps) expect(step.with?.cache).toBeUndefined();
  });

  it("tests, requires the committed bundle to be the build, packs, then tags through scripts/release.ts", () => {
    const runs = job.steps.filter((step) => step.run).map((step) => step.run!.trim());
    const order = ["npm test", "git diff --exit-code -- dist/action.js", "npm pack", "scripts/release.ts"].map((text) => runs.findIndex((run) => run.includes(text)));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
