import { beforeAll, describe, expect, it } from "vitest";
import { loadMatcher } from "../../src/match/analyze-text.js";
import { computeMatchImpact, type Conversation } from "../../src/match/index.js";

// The matcher loads wink-nlp lazily (see loadMatcher); these tests call it directly.
beforeAll(() => loadMatcher());

const conversations: Conversation[] = [
  {
    id: "a",
    messages: [{ payload: { content: "I want a refund for this order" } }, { payload: { content: "Please cancel my subscription" } }, { payload: { content: "We're running a sale right now" } }],
  },
  { id: "b", messages: [{ payload: { content: "Can I get my money back?" } }, { payload: { content: "Refunds take five days" } }] },
];

describe("computeMatchImpact", () => {
  it("counts messages gained and lost per tracker, with examples, omitting unchanged trackers, sorted by name", () => {
    const impact = computeMatchImpact({
      before: [
        { name: "Refund", vocabulary: ["refund"] },
        { name: "Churn", vocabulary: ["cancel my subscription"] },
        { name: "Promo", vocabulary: ["sale"] },
      ],
      after: [
        { name: "Refund", vocabulary: ["refund", "money back"] },
        { name: "Churn", vocabulary: ["cancel my account"] },
        { name: "Promo", vocabulary: ["sale", "run sale"] },
      ],
      conversations,
    });
    expect(impact).toEqual({
      conversations: 2,
      messages: 5,
      trackers: [
        { name: "Churn", gained: 0, lost: 1, examplesGained: [], examplesLost: ["Please cancel my subscription"] },
        { name: "Refund", gained: 1, lost: 0, examplesGained: ["Can I get my money back?"], examplesLost: [] },
      ],
    });
  });

  it("treats a created tracker as all gains and a deleted one as all losses", () => {
    const impact = computeMatchImpact({
      before: [{ name: "Old", vocabulary: ["refund"] }],
      after: [{ name: "New", vocabulary: ["sale"] }],
      conversations,
    });
    expect(impact.trackers.map((tracker) => [tracker.name, tracker.gained, tracker.lost])).toEqual([
      ["New", 1, 0],
      ["Old", 0, 2],
    ]);
  });

  it("keeps at most three examples", () => {
    const many: Conversation[] = [{ id: "x", messages: Array.from({ length: 5 }, (_, index) => ({ payload: { content: `refund number ${index}` } })) }];
    const impact = computeMatchImpact({ before: [], after: [{ name: "R", vocabulary: ["refund"] }], conversations: many });
    expect(impact.trackers[0]).toMatchObject({ gained: 5, examplesGained: ["refund number 0", "refund number 1", "refund number 2"] });
  });

  it("reports nothing without conversations", () => {
    expect(computeMatchImpact({ before: [], after: [{ name: "R", vocabulary: ["refund"] }], conversations: [] })).toEqual({ conversations: 0, messages: 0, trackers: [] });
  });
});
