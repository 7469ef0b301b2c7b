import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMatcher } from "../../src/match/analyze-text.js";
import { compileTrackers, matchText } from "../../src/match/index.js";

// The matcher loads wink-nlp lazily (see loadMatcher); these tests call it directly.
beforeAll(() => loadMatcher());

// Plain words whose tokenisation is a single token in any letter case.
const WORDS = ["refund", "order", "blue", "account", "plan", "billing", "router", "manager", "delivery", "coupon", "today", "please", "green", "fast"];
const word = fc.constantFrom(...WORDS);
const phraseArbitrary = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" "));
const textArbitrary = fc.array(word, { minLength: 0, maxLength: 8 }).map((words) => words.join(" "));

function randomiseCase(text: string, mask: boolean[]): string {
  return [...text].map((character, index) => (mask[index % Math.max(1, mask.length)] ? character.toUpperCase() : character)).join("");
}

describe("matcher properties", () => {
  it("finds a phrase inserted anywhere, in any letter case, at its exact offset", () => {
    fc.assert(
      fc.property(textArbitrary, phraseArbitrary, textArbitrary, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (before, phrase, after, mask) => {
        const prefix = before ? `${before} ` : "";
        const text = `${prefix}${randomiseCase(phrase, mask)}${after ? ` ${after}` : ""}.`;
        const detected = matchText(compileTrackers([{ id: "1", name: "T", vocabulary: [phrase] }]), text).detected;
        const offsets = detected[0]?.matches[0]?.messageRefs.map((ref) => ref.offset) ?? [];
        expect(offsets).toContain(prefix.length);
      }),
      { numRuns: 150 },
    );
  });

  it("reports exact offsets that point at the phrase's first word", () => {
    fc.assert(
      fc.property(fc.array(phraseArbitrary, { minLength: 1, maxLength: 5 }), fc.array(word, { minLength: 1, maxLength: 20 }), (phrases, words) => {
        const text = words.join(", ");
        for (const tracker of matchText(compileTrackers([{ id: "1", name: "T", vocabulary: phrases }]), text).detected) {
          for (const match of tracker.matches) {
            const first = match.value.split(" ")[0]!;
            for (const ref of match.messageRefs) {
              if (ref.offset >= 0) expect(text.slice(ref.offset, ref.offset + first.length).toLowerCase()).toBe(first);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("gives each tracker the same detections whatever other trackers are compiled with it", () => {
    fc.assert(
      fc.property(fc.array(phraseArbitrary, { minLength: 1, maxLength: 4 }), fc.array(phraseArbitrary, { minLength: 1, maxLength: 6 }), textArbitrary, (own, others, text) => {
        const alone = matchText(compileTrackers([{ id: "1", name: "A", vocabulary: own }]), text).detected;
        const together = matchText(
          compileTrackers([
            { id: "2", name: "B", vocabulary: others },
            { id: "1", name: "A", vocabulary: own },
          ]),
          text,
        ).detected;
        expect(together.filter((tracker) => tracker.id === "1")).toEqual(alone);
      }),
      { numRuns: 150 },
    );
  });
});
