import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fitMarkdown, GITHUB_BODY_LIMIT, splitMarkdown } from "../../src/action/split-markdown.js";

/** Counts unclosed fences and `<details>` the way GitHub's renderer would see them. */
function checkBalanced(part: string): { fences: number; details: number } {
  let inFence = false;
  let details = 0;
  for (const line of part.split("\n")) {
    if (/^ {0,3}```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    details += (line.match(/<details\b/g) ?? []).length;
    details -= (line.match(/<\/details>/g) ?? []).length;
    if (details < 0) return { fences: 0, details };
  }
  return { fences: inFence ? 1 : 0, details };
}

function trackerSection(index: number, phrases: number): string {
  const lines = [`<details><summary>~ tracker-${index}: +${phrases} phrases</summary>`, "", "```diff"];
  for (let phrase = 0; phrase < phrases; phrase++) lines.push(`+ phrase number ${phrase} of tracker ${index}`);
  lines.push("```", "", "</details>");
  return lines.join("\n");
}

describe("splitMarkdown", () => {
  it("returns the text unchanged when it fits", () => {
    expect(splitMarkdown("# Plan\n\nNo changes.", 1000)).toEqual(["# Plan\n\nNo changes."]);
  });

  it("closes and reopens a code fence and <details> cut in the middle", () => {
    const markdown = trackerSection(1, 60);
    const parts = splitMarkdown(markdown, 600);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(600);
      expect(checkBalanced(part)).toEqual({ fences: 0, details: 0 });
    }
    expect(parts[1]).toMatch(/^<details><summary>~ tracker-1: \+60 phrases \(continued\)<\/summary>\n\n```diff\n\+ phrase/);
    const phraseLines = parts.flatMap((part) => part.split("\n").filter((line) => line.startsWith("+ phrase")));
    expect(phraseLines).toHaveLength(60);
  });

  it("ignores <details> written inside a code fence", () => {
    const markdown = ["```", "<details>", ...Array.from({ length: 80 }, (_, i) => `line ${i}`), "```"].join("\n");
    for (const part of splitMarkdown(markdown, 520)) {
      expect(part).not.toContain("</details>");
      expect(checkBalanced(part).fences).toBe(0);
    }
  });

  it("cuts a line longer than a whole part", () => {
    const parts = splitMarkdown("x".repeat(2000), 600);
    expect(parts.join("")).toBe("x".repeat(2000));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(600);
  });

  it("refuses a limit too small to make progress", () => {
    expect(() => splitMarkdown("text", 10)).toThrow(/at least 512/);
  });

  it("keeps every part within the limit, balanced, and every original line in order", () => {
    const block = fc.oneof(
      fc.string({ maxLength: 60 }).map((text) => text.replace(/[\n`~<>]/g, "")),
      fc.integer({ min: 1, max: 40 }).map((phrases) => trackerSection(phrases, phrases)),
      fc.constant("```\nplain code\n```"),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), fc.integer({ min: 512, max: 3000 }), (blocks, limit) => {
        const markdown = blocks.join("\n");
        const parts = splitMarkdown(markdown, limit);
        const original = markdown.split("\n");
        let cursor = 0;
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(checkBalanced(part)).toEqual({ fences: 0, details: 0 });
          for (const line of part.split("\n")) if (line === original[cursor]) cursor++;
        }
        expect(cursor).toBe(original.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("fitMarkdown", () => {
  const note = (shown: number, total: number) => `> Plan truncated: ${shown} of ${total} characters shown. [The full plan is in the job summary.](https://github.com/acme/trackers/actions/runs/7)`;

  it("keeps head and tail, cuts the body cleanly and adds the note, within GitHub's limit", () => {
    const body = Array.from({ length: 400 }, (_, index) => trackerSection(index, 20)).join("\n\n");
    expect(body.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    const { text, truncated } = fitMarkdown({
      head: "<!-- tracker-sync:plan -->\n## tracker-sync plan\n\n**400 to update**",
      body,
      tail: "Fingerprint: `abc`",
      limit: GITHUB_BODY_LIMIT,
      truncationNote: note,
    });
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(text.startsWith("<!-- tracker-sync:plan -->\n## tracker-sync plan\n\n**400 to update**")).toBe(true);
    expect(text.endsWith("Fingerprint: `abc`")).toBe(true);
    expect(text).toMatch(/Plan truncated: \d+ of \d+ characters shown/);
    expect(checkBalanced(text)).toEqual({ fences: 0, details: 0 });
  });

  it("does not truncate a body that fits", () => {
    const result = fitMarkdown({ head: "H", body: "B", tail: "T", limit: 1000, truncationNote: note });
    expect(result).toEqual({ text: "H\n\nB\n\nT", truncated: false });
  });
});
