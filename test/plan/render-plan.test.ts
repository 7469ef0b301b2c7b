import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.js";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { renderApplyResultMarkdown } from "../../src/render/apply-markdown.js";
import { renderApplyResultText } from "../../src/render/apply-text.js";
import type { ApplyResult, Plan } from "../../src/model/plan.js";
import { config, definition, live } from "./builders.js";

function samplePlan(): Plan {
  const plan = buildPlan({
    desired: [
      definition("Refund <Request> | *bold*", ["money back", "refund please"]),
      definition("Billing", ["charged twice", "wrong charge"]),
      definition("Cancel", ["cancel now"], { previousNames: ["Old Cancel"] }),
      definition("Voice", ["voicemail"], { retired: true }),
      definition("Upsell", ["upgrade", "premium plan"]),
    ],
    live: [
      live("11", "Billing", ["charged twice", "double charge"]),
      live("12", "Old Cancel", ["cancel now"]),
      live("13", "Voice", ["voicemail"]),
      live("14", "Managed", ["m1", "m2"]),
      live("15", "Upsell", ["upgrade"]),
    ],
    unreadable: [{ id: "16", problem: "has no name" }],
    // The default, append: Billing loses a phrase, so it is a recreate; Upsell only gains one, so it is a PUT.
    config: config(),
  });
  return {
    ...plan,
    matchImpact: {
      conversations: 3,
      messages: 40,
      trackers: [{ name: "Billing", gained: 2, lost: 1, examplesGained: ["I got a wrong charge on my card"], examplesLost: ["there is a double charge"] }],
    },
  };
}

describe("plan renderers", () => {
  it("renders text without colour for goldens and with ANSI colour on request", async () => {
    const plan = samplePlan();
    await expect(renderPlanText(plan, { color: false })).toMatchFileSnapshot("goldens/sample.plan.txt");
    expect(renderPlanText(plan, { color: false })).toContain('-/+ recreate "Billing" (delete id 11, create with a new id; +1 -1)');
    const colored = renderPlanText(plan, { color: true });
    expect(colored).toContain("\u001b[32m    + money back\u001b[39m");
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(renderPlanText(plan, { color: false }));
  });

  it("renders Markdown with escaped names, collapsible diffs, unmanaged list, capacity, match impact and fingerprint", async () => {
    const plan = samplePlan();
    const markdown = renderPlanMarkdown(plan, { title: "Trackers plan", detailsOpen: true });
    await expect(markdown).toMatchFileSnapshot("goldens/sample.plan.md");
    expect(markdown).toContain("Refund &lt;Request&gt; &#124; &#42;bold&#42;");
    expect(markdown).not.toContain("<Request>");
    expect(markdown).toContain("<details open>");
    expect(markdown).toContain("| Billing | +2 | -1 |");
    expect(markdown).toContain(plan.fingerprint);
    expect(markdown).toContain("Recreate <b>Billing</b> (new id, replaces <code>11</code>; +1 −1)");
    expect(markdown).toContain("old id `11`");
    expect(renderPlanMarkdown(plan)).toContain("<details><summary>Create");
  });

  it("renders JSON that parses back to the same plan", () => {
    const plan = samplePlan();
    expect(JSON.parse(renderPlanJson(plan))).toEqual(plan);
  });

  it("says no changes when there are none, and lists guard refusals", () => {
    const empty = buildPlan({ desired: [definition("A", ["a"])], live: [live("1", "A", ["a"])], config: config() });
    expect(renderPlanText(empty, { color: false })).toContain("No changes. The account matches the repository (1 tracker unchanged, 0 unmanaged).");
    const refused = buildPlan({ desired: [], live: [], config: config() });
    expect(renderPlanText(refused, { color: false })).toContain("Refused by 1 safety guard; apply will not run:\n  [empty-desired]");
    expect(renderPlanMarkdown(refused)).toContain("> [!CAUTION]");
  });
});

describe("apply result renderers", () => {
  const result: ApplyResult = {
    formatVersion: 1,
    fingerprint: "f".repeat(64),
    outcomes: [
      { kind: "create", name: "A", id: "501", status: "applied" },
      { kind: "update", name: "B | x", id: "11", status: "failed", reason: "PUT /v1/manage/tracker/11 failed: 500 Internal Server Error: boom" },
      { kind: "recreate", name: "C", id: "600", status: "applied" },
      { kind: "update", name: "D", id: "13", status: "failed", reason: "The account appended the vocabulary on PUT instead of replacing it." },
    ],
    idChanges: [{ name: "C", oldId: "12", newId: "600" }],
    mergedOnPut: [{ name: "D", id: "13", unexpected: ["old phrase"] }],
    verified: false,
    apiCalls: 7,
  };

  it("renders text and Markdown with failures, appends on PUT and the old -> new id map", async () => {
    const text = renderApplyResultText(result, { color: false });
    await expect(text).toMatchFileSnapshot("goldens/sample.apply.txt");
    expect(text).toContain("Apply: 2 applied, 2 failed, 0 skipped (7 API calls).");
    expect(text).toContain('"C": 12 -> 600');
    const markdown = renderApplyResultMarkdown(result);
    await expect(markdown).toMatchFileSnapshot("goldens/sample.apply.md");
    expect(markdown).toContain("B &#124; x");
    expect(markdown).toContain("| C | `12` | `600` |");
  });
});
