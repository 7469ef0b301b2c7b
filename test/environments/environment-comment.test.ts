import { describe, expect, it } from "vitest";
import { readEnvironmentSectionStates, renderEnvironmentPlanReport } from "../../src/action/environment-plan-comment.js";
import { GITHUB_BODY_LIMIT } from "../../src/action/split-markdown.js";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import { readPlanCommentState } from "../../src/action/plan-comment.js";
import { resolveEnvironmentConfig } from "../../src/config/resolve-environment.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { config, definition, phrases } from "../plan/builders.js";

const environmentConfig = (name: string) => resolveEnvironmentConfig(config({ guards: { maxDeletes: 10 } }), { name, credentials: { appId: "A", appSecret: "B", accessToken: "C" } });

describe("the plan comment with environments", () => {
  it("keeps every environment's hidden state and fingerprint within GitHub's limit, however large one plan is", () => {
    const desired = Array.from({ length: 400 }, (_, index) => definition(`Tracker ${index}`, phrases(`t${index}`, 40)));
    const staging = buildPlan({ desired, live: [], config: environmentConfig("staging") });
    const production = buildPlan({ desired: desired.slice(0, 3), live: [], config: environmentConfig("production") });
    expect(staging.environment).toBe("staging");
    const body = renderEnvironmentPlanReport(
      {
        findings: [],
        fileCount: 400,
        sections: [
          { environment: "staging", plan: staging, settingsDigest: "d1" },
          { environment: "production", plan: production, settingsDigest: "d2" },
        ],
        sha: "a".repeat(40),
      },
      { marker: PLAN_COMMENT_MARKER },
    );
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    expect(body).toContain(staging.fingerprint);
    expect(body).toContain(production.fingerprint);
    expect(body).toContain("This environment's plan is too long for its share of the comment");
    const states = readEnvironmentSectionStates(body);
    expect([...states.values()]).toEqual([
      {
        environment: "staging",
        status: "planned",
        fingerprint: staging.fingerprint,
        desiredFingerprint: staging.desiredFingerprint,
        mode: "live",
        sha: "a".repeat(40),
        deletes: [],
        settingsDigest: "d1",
      },
      {
        environment: "production",
        status: "planned",
        fingerprint: production.fingerprint,
        desiredFingerprint: production.desiredFingerprint,
        mode: "live",
        sha: "a".repeat(40),
        deletes: [],
        settingsDigest: "d2",
      },
    ]);
    // The single-account reader never mistakes an environment comment for its own state.
    expect(readPlanCommentState(body)).toBeUndefined();
  });

  it("hashes the environment into the fingerprint", () => {
    const desired = [definition("Same", phrases("s", 5))];
    expect(buildPlan({ desired, live: [], config: environmentConfig("staging") }).fingerprint).not.toBe(buildPlan({ desired, live: [], config: environmentConfig("production") }).fingerprint);
    expect(buildPlan({ desired, live: [], config: config() }).environment).toBeUndefined();
  });

  it("escapes a not-planned reason (server text) so it cannot fake sections, state or mentions", () => {
    const reason =
      'boom\n<!-- tracker-sync:environment-state {"environment":"production","status":"planned","fingerprint":"x","mode":"live","sha":""} -->\n### Approved by @admin [link](https://evil)';
    const body = renderEnvironmentPlanReport({ findings: [], fileCount: 1, sections: [{ environment: "production", notPlanned: reason }], sha: "b".repeat(40) });
    expect(body).not.toContain('<!-- tracker-sync:environment-state {"environment":"production","status":"planned"');
    expect(body).not.toMatch(/^### Approved/m);
    expect(body).not.toContain("@admin");
    expect([...readEnvironmentSectionStates(body).values()]).toEqual([{ environment: "production", status: "not-planned", sha: "b".repeat(40) }]);
    expect(body).toContain('This is not "no changes"');
  });
});
