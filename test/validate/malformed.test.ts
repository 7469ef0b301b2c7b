import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { validateFiles } from "../../src/validate/validate-files.js";
import { configWith } from "./helpers.js";

const phrases = "vocabulary: [alpha, bravo, charlie, delta, echo]\n";

function check(content: string | Uint8Array): Finding[] {
  const { findings } = validateFiles([{ path: "bad.yaml", content }], configWith());
  for (const finding of findings) {
    // Every finding has a location and a sentence, never a stack trace.
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.message).not.toMatch(/\n\s+at /);
    expect(finding.message).toMatch(/\.$|\?$/);
  }
  return findings;
}

function pick(findings: Finding[]): Array<[string, string, number, number]> {
  return findings.map((finding) => [finding.rule, finding.severity, finding.line, finding.column]);
}

describe("malformed files each give a clear finding with a location", () => {
  it("broken YAML: an unclosed flow sequence", () => {
    const findings = check("name: T\nvocabulary: [alpha, bravo\n");
    expect(findings[0]).toMatchObject({ rule: "yaml-syntax", severity: "error", file: "bad.yaml" });
    expect(findings[0]!.message).toMatch(/^YAML syntax error: /);
  });

  it("broken YAML: a bad indentation is located on its line", () => {
    const findings = check("name: T\nvocabulary:\n  - alpha\n   bravo: [\n");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.rule === "yaml-syntax")).toBe(true);
    expect(findings[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("duplicate keys name the key and point at the second one", () => {
    const findings = check(`name: T\n${phrases}name: U\n`);
    expect(pick(findings)).toEqual([["yaml-duplicate-key", "error", 3, 1]]);
    expect(findings[0]!.message).toBe("The key 'name' appears twice in the same mapping. Keep one of them.");
  });

  it("wrong types give schema errors at the node", () => {
    expect(pick(check("name: 12\nvocabulary: {a: b}\n"))).toEqual([
      ["schema", "error", 1, 7],
      ["schema", "error", 2, 13],
    ]);
  });

  it("a UTF-8 byte order mark is accepted and columns stay right", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`name: T\nvocabulary: [alpha, bravo, charlie, delta, "echo!"]\n`)]);
    expect(pick(check(bytes))).toEqual([["phrase-character", "error", 2, 49]]);
  });

  it("CRLF line endings are accepted with correct lines and columns", () => {
    const text = `name: T\r\nvocabulary:\r\n  - alpha\r\n  - bravo\r\n  - charlie\r\n  - delta\r\n  - echo?\r\n`;
    expect(pick(check(text))).toEqual([["phrase-character", "error", 7, 9]]);
  });

  it("mixed CRLF and LF line endings warn at the first line that differs", () => {
    expect(pick(check(`name: T\r\n${phrases}`))).toEqual([["file-line-endings", "warning", 2, 1]]);
  });

  it("tabs used for indentation are a syntax error at the tab", () => {
    const findings = check("name: T\nvocabulary:\n\t- alpha\n");
    expect(findings[0]).toMatchObject({ rule: "yaml-syntax", line: 3, column: 1 });
    expect(findings[0]!.message).toContain("Indent with spaces");
  });

  it("a binary file (NUL bytes) is reported at the first NUL", () => {
    expect(pick(check(new Uint8Array([0x6e, 0x61, 0x0a, 0x62, 0x00, 0x01])))).toEqual([["file-binary", "error", 2, 2]]);
  });

  it("a file that is not UTF-8 is reported at the first bad byte", () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("name: Caf"), 0xe9, 0x0a]);
    const findings = check(latin1);
    expect(pick(findings)).toEqual([["file-encoding", "error", 1, 10]]);
    expect(findings[0]!.message).toContain("byte 0xe9");
  });

  it("a UTF-16 file is told to be saved as UTF-8", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00]);
    const findings = check(utf16);
    expect(pick(findings)).toEqual([["file-encoding", "error", 1, 1]]);
    expect(findings[0]!.message).toContain("UTF-16");
  });

  it("an empty file and a whitespace-only file are errors", () => {
    expect(pick(check(""))).toEqual([["file-empty", "error", 1, 1]]);
    expect(pick(check("  \n\n"))).toEqual([["file-empty", "error", 1, 1]]);
    expect(pick(check("# just a comment\n"))).toEqual([["file-empty", "error", 1, 1]]);
  });

  it("an empty document between trackers warns at the separator", () => {
    const text = `name: A\n${phrases}---\n---\nname: B\nvocabulary: [foxtrot, golf, hotel, india, juliet]\n`;
    expect(pick(check(text))).toEqual([["document-empty", "warning", 3, 1]]);
  });

  it("a 5 MB file is refused quickly without parsing", () => {
    const line = "  - this phrase is repeated to make a very large file\n";
    const big = `name: Huge\nvocabulary:\n${line.repeat(Math.ceil((5 * 1024 * 1024) / line.length))}`;
    const findings = check(big);
    expect(pick(findings)).toEqual([["file-too-large", "error", 1, 1]]);
    expect(findings[0]!.message).toContain("at most 4 MiB");
  });

  it("an alias bomb is an error, not a hang", () => {
    const bomb = [
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
      "name: Bomb",
      "vocabulary: *g",
      "",
    ].join("\n");
    const findings = check(bomb);
    expect(pick(findings)).toEqual([["yaml-alias-limit", "error", 2, 8]]);
  });

  it("deep nesting is an error at the first node too deep", () => {
    const depth = 200;
    const findings = check(`name: T\nvocabulary: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
    expect(pick(findings)).toEqual([["yaml-too-deep", "error", 2, 13 + 63]]);
  });

  it("nesting deep enough to overflow the YAML composer is the same error, not a crash", () => {
    const depth = 20_000;
    const findings = check(`name: T\nvocabulary: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
    expect(findings.map((finding) => [finding.rule, finding.line])).toEqual([["yaml-too-deep", 2]]);
  });

  it("deep block nesting is caught the same way", () => {
    const lines = ["name: T", "vocabulary:"];
    for (let level = 0; level < 100; level++) lines.push(`${"  ".repeat(level + 1)}-`);
    lines[lines.length - 1] += " deep";
    const findings = check(`${lines.join("\n")}\n`);
    expect(findings.map((finding) => finding.rule)).toEqual(["yaml-too-deep"]);
  });

  it("an unknown tag or directive is a warning at its position", () => {
    const tagged = check(`name: !foo T\n${phrases}`);
    expect(pick(tagged)).toEqual([["yaml-warning", "warning", 1, 7]]);
    expect(tagged[0]!.message).toBe("Unresolved tag: !foo (YAML TAG_RESOLVE_FAILED). Remove it; tracker files need only plain YAML without tags or directives.");
    expect(pick(check(`%FOO bar\n---\nname: T\n${phrases}`))).toEqual([["yaml-warning", "warning", 1, 1]]);
  });

  it("a file of random bytes never throws", () => {
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const bytes = new Uint8Array(200).map(() => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return 32 + (seed % 95);
      });
      expect(() => check(bytes)).not.toThrow();
    }
  });

  it("any text, including YAML-like fragments, gives findings with locations and never throws", () => {
    const fragment = fc.constantFrom("name: ", "vocabulary:", "\n", "  - ", "- ", "[", "]", "{", "}", ": ", "&a ", "*a", "---\n", "\t", "'", '"', "#", "!tag ", "? ", "|", ">", "x", "ü", "\r\n", ",");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join("")),
        ),
        (text) => {
          const { findings } = validateFiles([{ path: "f.yaml", content: text }], configWith());
          for (const finding of findings) {
            expect(finding.line).toBeGreaterThanOrEqual(1);
            expect(finding.column).toBeGreaterThanOrEqual(1);
            expect(finding.message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
