import { describe, expect, it } from "vitest";
import { renderPlanFailure, renderPlanReport } from "../../src/action/plan-comment.js";
import { toPseudoLive } from "../../src/action/plan-against-base.js";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import type { Finding } from "../../src/model/finding.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { config, definition, live } from "../plan/builders.js";

const warning: Finding = {
  rule: "vocabulary-too-few",
  severity: "warning",
  message: "Tracker 'Greeting' has 2 phrases; Symbl recommends at least 5. Add more ways people say it.",
  file: "trackers/greeting.yaml",
  line: 3,
  column: 3,
};

describe("renderPlanReport", () => {
  it("renders the fork comment: marker, state, validation, offline note, phrase-level plan, what offline cannot see, capacity, fingerprint", async () => {
    const base = [definition("Refund Request", ["refund my order", "money back", "get a refund"]), definition("Old Name", ["old phrase one", "old phrase two"])];
    const head = [
      definition("Refund Request", ["refund my order", "money back", "refund to my card"]),
      definition("Greeting", ["hello there", "good morning"]),
      definition("Old Name", ["old phrase one", "old phrase two"], { retired: true }),
    ];
    const offlinePlan = buildPlan({ desired: head, live: toPseudoLive(base), config: config(), mode: "offline" });
    const offlineScope = { retiredNames: ["Never In Git", "Old Name"], settingChanges: [{ setting: "guards.maxDeletes", before: 10, after: 500 }] };
    const plan = { ...offlinePlan, offlineScope };
    const body = renderPlanReport(
      { findings: [warning], fileCount: 3, plan, settingsDigest: "d".repeat(64), offlineReason: "fork", sha: "c0ffee".padEnd(40, "0"), runUrl: "https://github.com/acme/trackers/actions/runs/1" },
      { marker: PLAN_COMMENT_MARKER },
    );
    await expect(body).toMatchFileSnapshot("golden/fork-plan-comment.md");
  });

  it("renders a live plan without the offline note and a validation failure without a plan", () => {
    const plan = buildPlan({ desired: [definition("Greeting", ["hello there"])], live: [live("1", "Greeting", ["hello there"])], config: config() });
    const clean = renderPlanReport({ findings: [], fileCount: 1, plan, sha: "a".repeat(40) });
    expect(clean).toContain("✅ **Validation passed:** 1 definition file, no findings.");
    expect(clean).toContain("**No changes.**");
    expect(clean).not.toContain("[!NOTE]");
    const failed = renderPlanReport({ findings: [{ ...warning, severity: "error" }], fileCount: 1, sha: "a".repeat(40) });
    expect(failed).toContain("❌ **Validation failed:** 1 error and 0 warnings in 1 definition file");
    expect(failed).toContain("**No plan:**");
    expect(failed).not.toContain("tracker-sync:state");
  });

  it("renders the failure comment with marker and no state line", () => {
    const body = renderPlanFailure({ message: "Symbl answered 401.", sha: "b".repeat(40) }, PLAN_COMMENT_MARKER);
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    expect(body).toContain("❌ **The plan for this push failed:** Symbl answered 401.");
    expect(body).not.toContain("tracker-sync:state");
  });
});
