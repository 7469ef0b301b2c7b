import { describe, expect, it } from "vitest";
import { cleanPhrases, lint, only } from "./helpers.js";

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
const pick = (findings: ReturnType<typeof lint>) => findings.map(({ rule, severity, line, column }) => [rule, severity, line, column]);

describe("YAML syntax errors point at what opened the broken construct", () => {
  it("an unclosed double quote is reported at its opening line, not past the end of the file", () => {
    const text = 'name: Quote\nvocabulary:\n  - "cancel my order\n  - refund please\n  - money back\n';
    const findings = lint({ "q.yaml": text });
    expect(pick(findings)).toEqual([["yaml-syntax", "error", 3, 5]]);
    expect(findings[0]!.message).toBe(
      'YAML syntax error: the double quote (") opened here is never closed, so the parser read on to the end of the file looking for the closing one (MISSING_CHAR). Close it where the value ends.',
    );
  });

  it("an unclosed single quote, and one without a final newline", () => {
    expect(pick(lint({ "s.yaml": "name: Single\nvocabulary:\n  - 'cancel my order\n  - refund please\n" }))).toEqual([["yaml-syntax", "error", 3, 5]]);
    expect(pick(lint({ "s.yaml": "name: Single\nvocabulary:\n  - 'cancel my order\n  - refund please" }))).toEqual([["yaml-syntax", "error", 3, 5]]);
  });

  it("an unclosed quoted name is reported on the name's line", () => {
    const findings = lint({
      "n.yaml": `name: "Refunds\nvocabulary:\n${cleanPhrases("n")
        .map((phrase) => `  - ${phrase}\n`)
        .join("")}`,
    });
    expect(findings[0]).toMatchObject({ rule: "yaml-syntax", line: 1, column: 7 });
  });

  it("an unclosed flow list is reported at its '['", () => {
    const findings = lint({ "f.yaml": "name: Flow\nvocabulary: [cancel my order, refund please\n" });
    expect(pick(findings)).toEqual([["yaml-syntax", "error", 2, 13]]);
    expect(findings[0]!.message).toContain("the '[' opened here is never closed with ']'");
  });

  it("never reports a line after the last line of the file", () => {
    const texts = ['name: A\nvocabulary:\n  - "a\n', "name: A\nvocabulary: {a: [b\n", "name: A\nvocabulary:\n  - a\n  b: c\n", "name: A\nvocabulary:\n- [a, b\n- c\n", "name: 'A\n", "key: [\n"];
    for (const text of texts) {
      for (const finding of lint({ "x.yaml": text })) expect(finding.line, `${JSON.stringify(text)}: ${finding.message}`).toBeLessThanOrEqual(lineCount(text));
    }
  });
});

describe("phrase-folded", () => {
  it("warns when a mis-indented list item folds two lines into one phrase, with its rule code", () => {
    const text = "name: Folded\nvocabulary:\n  - cancel my order\n  - refund\n   please\n  - money back\n  - store credit\n  - return it\n";
    const findings = only(lint({ "fold.yaml": text }), "phrase-folded");
    expect(pick(findings)).toEqual([["phrase-folded", "warning", 4, 5]]);
    expect(findings[0]!.message).toBe(
      "Phrase 'refund please' continues on line 5, so YAML joined the lines into one phrase. If 'please' is a phrase of its own, start its line with '- ' at the same indentation as the other items; if it is one phrase, write it on one line.",
    );
    expect(findings[0]!.pointer).toBe("/vocabulary/1");
  });

  it("also for a quoted phrase broken over lines, but never for one-line phrases or block scalars", () => {
    const quoted = 'name: Q\nvocabulary:\n  - "refund\n    please"\n  - a b\n  - c d\n  - e f\n  - g h\n';
    expect(pick(only(lint({ "q.yaml": quoted }), "phrase-folded"))).toEqual([["phrase-folded", "warning", 3, 5]]);
    const clean = `name: C\nvocabulary:\n${cleanPhrases("c")
      .map((phrase) => `  - ${phrase}\n`)
      .join("")}`;
    expect(only(lint({ "c.yaml": clean }), "phrase-folded")).toEqual([]);
  });

  it("can be turned off or made an error in rules:", async () => {
    const { configWith } = await import("./helpers.js");
    const text = "name: F\nvocabulary:\n  - refund\n   please\n  - a b\n  - c d\n  - e f\n  - g h\n";
    expect(only(lint({ "f.yaml": text }, configWith({ rules: { "phrase-folded": "error" } })), "phrase-folded")[0]?.severity).toBe("error");
    expect(only(lint({ "f.yaml": text }, configWith({ rules: { "phrase-folded": "off" } })), "phrase-folded")).toEqual([]);
  });
});
