import { beforeAll, describe, expect, it } from "vitest";
import { loadMatcher } from "../../src/match/analyze-text.js";
import { compileTrackers, deriveTrackerId, detectTrackers, matchText, type Conversation } from "../../src/match/index.js";

// The matcher loads wink-nlp lazily (see loadMatcher); these tests call it directly.
beforeAll(() => loadMatcher());

function detectIn(text: string, vocabulary: string[], name = "T") {
  return matchText(compileTrackers([{ id: "1", name, vocabulary }]), text).detected;
}

function refsOf(text: string, phrase: string) {
  const detected = detectIn(text, [phrase]);
  return detected[0]?.matches[0]?.messageRefs.map((ref) => ref.offset) ?? [];
}

describe("detectTrackers", () => {
  it("matches the documented example on word forms with offset -1, across the intervening 'a'", () => {
    const text = "We're running a sale right now";
    expect(detectIn(text, ["run sale"])).toEqual([{ id: "1", name: "T", matches: [{ type: "vocabulary", value: "run sale", messageRefs: [{ id: "1", text, offset: -1 }], insightRefs: [] }] }]);
  });

  it("gives the character offset of an exact match, case-insensitively", () => {
    expect(refsOf("Hi, I would like a REFUND please", "refund")).toEqual([19]);
    expect(refsOf("Refund Policy", "refund policy")).toEqual([0]);
  });

  it("tolerates punctuation between and around the words of an exact match", () => {
    expect(refsOf("Can you help? I can't log-in!", "log in")).toEqual([22]);
    expect(refsOf("refund, please.", "refund please")).toEqual([0]);
    expect(refsOf("(cancel)", "cancel")).toEqual([1]);
  });

  it("never matches across sentence punctuation or inside a longer word", () => {
    expect(refsOf("We are running. A sale starts Monday", "run sale")).toEqual([]);
    expect(refsOf("This is a wholesale price", "sale")).toEqual([]);
    expect(refsOf("salesforce is down", "sales")).toEqual([]);
  });

  it("matches contractions exactly and their expansions on word forms", () => {
    expect(refsOf("I can't sign in", "can't sign in")).toEqual([2]);
    expect(refsOf("I can’t sign in", "can't sign in")).toEqual([2]);
    // wink splits "cannot" into "can" + "not", so the spaced phrase is an exact token match.
    expect(refsOf("I cannot sign in", "can not sign in")).toEqual([2]);
    expect(refsOf("We're closing the account", "we are closing")).toEqual([-1]);
  });

  it("reports each repeated exact occurrence in one message, and one -1 ref per message for word-form ones", () => {
    expect(refsOf("Cancel, cancel, CANCEL.", "cancel")).toEqual([0, 8, 16]);
    expect(refsOf("They charged me and they are charging me again", "charge")).toEqual([-1]);
  });

  it("reports overlapping phrases of one tracker separately", () => {
    const detected = detectIn("I want to cancel my subscription today", ["cancel", "cancel my subscription", "my subscription"]);
    expect(detected[0]?.matches.map((match) => [match.value, match.messageRefs[0]?.offset])).toEqual([
      ["cancel", 10],
      ["cancel my subscription", 10],
      ["my subscription", 17],
    ]);
  });

  it("finds overlapping occurrences of the same phrase", () => {
    expect(refsOf("no no no", "no no")).toEqual([0, 3]);
  });

  it("skips at most two stop-words between phrase words, never a negation or a content word", () => {
    expect(refsOf("we are upgrading to the plan", "upgrade plan")).toEqual([-1]);
    expect(refsOf("I want to not cancel", "want cancel")).toEqual([]);
    expect(refsOf("running our big summer sale", "run sale")).toEqual([]);
    expect(refsOf("running a sale", "run a sale")).toEqual([-1]);
  });

  it("keeps exact matches contiguous: the gap rule only applies to word-form matches", () => {
    expect(refsOf("cancel the subscription", "cancel subscription")).toEqual([-1]);
  });

  it("omits trackers without matches, keeps tracker and vocabulary order, and derives ids for inline trackers", () => {
    const compiled = compileTrackers([
      { name: "Billing", vocabulary: ["invoice", "charged twice"] },
      { name: "Nothing", vocabulary: ["zebra"] },
      { id: "77", name: "Greeting", vocabulary: ["hello"] },
    ]);
    const conversation: Conversation = {
      id: "c1",
      messages: [{ payload: { content: "Hello, I was charged twice" } }, { id: "m-2", payload: { content: "The invoice shows it" } }],
    };
    const detected = detectTrackers(compiled, conversation);
    expect(detected.map((tracker) => [tracker.id, tracker.name])).toEqual([
      [deriveTrackerId("Billing"), "Billing"],
      ["77", "Greeting"],
    ]);
    expect(detected[0]?.matches.map((match) => [match.value, match.messageRefs.map((ref) => ref.id)])).toEqual([
      ["invoice", ["m-2"]],
      ["charged twice", ["1"]],
    ]);
    expect(deriveTrackerId("Billing")).toMatch(/^\d{16}$/);
  });

  it("reports a phrase listed by two trackers under both", () => {
    const detected = matchText(
      compileTrackers([
        { id: "1", name: "A", vocabulary: ["refund"] },
        { id: "2", name: "B", vocabulary: ["refund"] },
      ]),
      "a refund",
    ).detected;
    expect(detected.map((tracker) => tracker.name)).toEqual(["A", "B"]);
  });

  it("returns an empty array when nothing matches or there is no text", () => {
    expect(detectIn("", ["refund"])).toEqual([]);
    expect(detectIn("nothing here", ["refund", "..."])).toEqual([]);
  });

  it("offsets index the original text even with newlines, tabs and non-ASCII", () => {
    const text = "Café\r\n\tnaïve — we offer a REFUND";
    const [offset] = refsOf(text, "refund");
    expect(offset).toBeGreaterThan(0);
    expect(text.slice(offset, offset! + 6)).toBe("REFUND");
  });
});
