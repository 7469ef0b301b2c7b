import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.js";
import { pairPhraseEdits } from "../../src/render/phrase-edits.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { config, definition, live } from "./builders.js";

describe("pairPhraseEdits", () => {
  it("pairs a removed and an added phrase that share most words, shown word by word", () => {
    expect(pairPhraseEdits(["refund my order", "money back"], ["refund my orders", "store credit"])).toEqual({
      edits: [{ from: "refund my order", to: "refund my orders", words: "refund my [-order-]{+orders+}" }],
      added: ["store credit"],
      removed: ["money back"],
    });
  });

  it("is conservative: one- and two-word phrases and half-shared phrases stay separate", () => {
    expect(pairPhraseEdits(["coupon"], ["coupons"]).edits).toEqual([]);
    expect(pairPhraseEdits(["double charge"], ["wrong charge"]).edits).toEqual([]);
    expect(pairPhraseEdits(["cancel my plan now"], ["cancel my account today"]).edits).toEqual([]);
    expect(pairPhraseEdits(["want a refund"], ["want a refund"]).edits).toEqual([]);
  });

  it("takes the most similar pair first, each phrase at most once, the same way every time", () => {
    const removed = ["cancel my old plan", "cancel my plan"];
    const added = ["cancel my plan please", "cancel my old plan please"];
    const first = pairPhraseEdits(removed, added);
    expect(first.edits).toEqual([
      { from: "cancel my plan", to: "cancel my plan please", words: "cancel my plan {+please+}" },
      { from: "cancel my old plan", to: "cancel my old plan please", words: "cancel my old plan {+please+}" },
    ]);
    expect(first.added).toEqual([]);
    expect(first.removed).toEqual([]);
    for (let run = 0; run < 3; run++) expect(pairPhraseEdits(removed, added)).toEqual(first);
    // Ties keep list order: the first removed phrase pairs with the first equally similar added phrase.
    expect(pairPhraseEdits(["a b c"], ["a b d", "a b e"]).edits.map((edit) => edit.to)).toEqual(["a b d"]);
  });

  it("does not pair at all past 50 x 50 candidates (a hostile live account)", () => {
    const many = Array.from({ length: 60 }, (_, index) => `phrase number ${index}`);
    const result = pairPhraseEdits(
      many,
      many.map((phrase) => `${phrase} x`),
    );
    expect(result.edits).toEqual([]);
    expect(result.added).toHaveLength(60);
  });
});

describe("plan renderers show an edited phrase as a word-level change", () => {
  const plan = buildPlan({
    desired: [definition("Refunds", ["refund my orders", "money back", "store credit"])],
    live: [live("21", "Refunds", ["refund my order", "money back", "coupon"])],
    // replace: removals are a PUT (an update); with append they make a recreate, rendered the same way below.
    config: config({ putBehavior: "replace" }),
  });

  it("text: a ~ line replaces the - and + lines; the heading keeps the counts", () => {
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('~ update "Refunds" (+2 -2)');
    expect(text).toContain("    ~ refund my [-order-]{+orders+}\n    + store credit\n    - coupon\n");
    expect(text).not.toContain("+ refund my orders");
    expect(renderPlanText(plan, { color: true })).toContain("\u001b[33m    ~ refund my [-order-]{+orders+}\u001b[39m");
  });

  it("markdown: a ! line in the diff block", () => {
    const markdown = renderPlanMarkdown(plan, { detailsOpen: true });
    expect(markdown).toContain("```diff\n! refund my [-order-]{+orders+}\n+ store credit\n- coupon\n");
  });

  it("the plan itself still lists the phrases added and removed", () => {
    const change = plan.changes[0]!;
    expect(change.kind === "update" && [change.added, change.removed]).toEqual([
      ["refund my orders", "store credit"],
      ["refund my order", "coupon"],
    ]);
  });

  it("a recreate (putBehavior append) shows the edit the same way", () => {
    const appended = buildPlan({
      desired: [definition("Refunds", ["refund my orders", "money back", "store credit"])],
      live: [live("21", "Refunds", ["refund my order", "money back", "coupon"])],
      config: config({ putBehavior: "append" }),
    });
    expect(appended.changes[0]?.kind).toBe("recreate");
    expect(renderPlanText(appended, { color: false })).toContain("    ~ refund my [-order-]{+orders+}\n    + store credit\n    - coupon\n");
  });
});
