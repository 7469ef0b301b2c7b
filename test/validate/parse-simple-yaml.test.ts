import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { parseSimpleDocument } from "../../src/validate/parse-simple-yaml.js";

/** Every property of a node tree that validation reads: values, node types, ranges and sources. */
function describeNode(node: unknown): unknown {
  if (isScalar(node)) return { value: node.value, type: node.type, range: node.range, source: node.source };
  if (isMap(node)) return { map: node.items.map((pair) => [describeNode(pair.key), describeNode(pair.value)]), range: node.range, flow: node.flow === true };
  if (isSeq(node)) return { seq: node.items.map(describeNode), range: node.range, flow: node.flow === true };
  return { other: String(node) };
}

function parseBoth(text: string) {
  const fullLines = new LineCounter();
  const full = parseAllDocuments(text, { lineCounter: fullLines, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: "error" });
  const fastLines = new LineCounter();
  const fast = parseSimpleDocument(text, fastLines);
  return { full: Array.isArray(full) ? full : [], fullLines, fast, fastLines };
}

/** The fast reader either declines or agrees with the full parser on everything validation reads. */
function expectSameOrDeclined(text: string): boolean {
  const { full, fullLines, fast, fastLines } = parseBoth(text);
  if (!fast) return false;
  expect(full).toHaveLength(1);
  const [document] = full;
  expect(document!.errors).toEqual([]);
  expect(document!.warnings).toEqual([]);
  expect(describeNode(fast.contents)).toEqual(describeNode(document!.contents));
  expect(fast.range).toEqual(document!.range);
  expect(fast.toJS()).toEqual(document!.toJS());
  expect(fastLines.lineStarts).toEqual(fullLines.lineStarts);
  return true;
}

const word = fc.constantFrom("refund", "money", "back", "Billing", "café", "naïve", "x", "it's", "o'clock", "U.S.", "a/b", "50%", "(maybe)", "why?", "no!", "one,", "a-b", 'say"hi"');
const scalar = fc.oneof(
  { weight: 6, arbitrary: fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" ")) },
  { weight: 2, arbitrary: fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => `"${words.join(" ")}"`) },
  { weight: 1, arbitrary: fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => `'${words.join(" ")}'`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "true",
      "false",
      "True",
      "null",
      "~",
      "123",
      "1e3",
      ".5",
      "-x",
      "- x",
      "a: b",
      "a:b",
      "a #b",
      "a#b",
      "x ",
      "&a x",
      "*a",
      "!tag x",
      "|",
      ">",
      "[a]",
      "{a: b}",
      "{}",
      "{ }",
      "[]",
      '["a"]',
      '["a", "b"]',
      "['a',  \"b c\"]",
      '[ "a" ]',
      '["a",]',
      '["a" , "b"]',
      '["a","b"]',
      "0",
      "10",
      "007",
      "-3",
      "12345678901234567890",
      '"a\\"b"',
      "'it''s'",
      '"',
      "@x",
      "`x",
      "%x",
      "é",
      "Ǆx",
      "",
    ),
  },
);
const key = fc.constantFrom("name", "description", "vocabulary", "previousNames", "retired", "tests", "shouldMatch", "shouldNotMatch", "extra_key", "Key2", "bad key", "1key", '"name"');
type Entry = { key: string; value: string | string[] | Entry[] };
const entries: fc.Arbitrary<Entry[]> = fc.letrec<{ entries: Entry[] }>((tie) => ({
  entries: fc.array(
    fc.record({
      key,
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        fc.array(scalar, { minLength: 1, maxLength: 4 }),
        tie("entries").filter((list) => list.length > 0),
      ),
    }),
    { minLength: 1, maxLength: 5 },
  ),
})).entries;

/** Block YAML for the entries, sometimes with the list dashes at the key's own indentation. */
function writeEntries(list: Entry[], indent: string, dashesAtKey: boolean): string[] {
  return list.flatMap(({ key: name, value }) => {
    if (typeof value === "string") return [`${indent}${name}: ${value}`];
    if (value.length > 0 && typeof value[0] === "string") return [`${indent}${name}:`, ...(value as string[]).map((item) => `${indent}${dashesAtKey ? "" : "  "}- ${item}`)];
    return [`${indent}${name}:`, ...writeEntries(value as Entry[], `${indent}  `, dashesAtKey)];
  });
}

const damage = fc.constantFrom("", "# comment", "  # indented comment", "", "---", "...", "%YAML 1.2", "\t- tab", "x\r", "  ", "  - stray", "key: &a x", "  extra: 1");
const document = fc.tuple(entries, fc.boolean(), fc.boolean(), fc.array(fc.tuple(fc.nat(), damage), { maxLength: 2 })).map(([list, dashesAtKey, finalNewline, insertions]) => {
  const lines = writeEntries(list, "", dashesAtKey);
  for (const [at, inserted] of insertions) lines.splice(at % (lines.length + 1), 0, inserted);
  return lines.join("\n") + (finalNewline ? "\n" : "");
});

function trackerFile(name: string, phrases: string[], extra = ""): string {
  return `# yaml-language-server: $schema=../schemas/tracker.schema.json\nname: ${name}\ndescription: Generated tracker\nvocabulary:\n${phrases.map((phrase) => `  - ${phrase}`).join("\n")}\n${extra}`;
}

describe("the fast reader for plain tracker files", () => {
  it("builds exactly what the full parser builds for ordinary tracker files", () => {
    const files = [
      trackerFile("Refund Request", ["money back", "get a refund", "it's broken", '"quoted phrase"', "'single quoted'"]),
      trackerFile("Retired", ["old phrase"], "retired: true\npreviousNames:\n- Older Name\n"),
      trackerFile("With tests", ["refund"], "tests:\n  shouldMatch:\n    - I want a refund\n  shouldNotMatch:\n    - nothing here\n"),
      'name: 12\nlanguages: ["en-US", \'fr\',  "de"]\ncategories: []\n',
      'paths:\n  - trackers\nprune: false\nownership: {}\nguards:\n  maxDeletes: 10\n  maxDeletePercent: 0\nlint:\n  fillerOpenings: ["i think", "um"]\nrules: {}\n',
      "name: No newline at end\nvocabulary:\n  - last phrase",
    ];
    for (const text of files) expect(expectSameOrDeclined(text), text).toBe(true);
  });

  it("reads the repository's tracker-sync.yaml exactly as the full parser does (validate's start-up skips the full parser)", async () => {
    const { readFile } = await import("node:fs/promises");
    expect(expectSameOrDeclined(await readFile(new URL("../../tracker-sync.yaml", import.meta.url), "utf8"))).toBe(true);
  });

  it("declines what it does not read exactly (the full parser then reports or reads it)", () => {
    for (const text of [
      "name: a\nname: b\n",
      "name: x # comment\n",
      "vocabulary: [a, b]\n",
      "name: &a x\nalias: *a\n",
      "---\nname: x\n",
      "name: |\n  block\n",
      "name: x\n  continued\n",
      "name: 012\n",
      "name: -1\n",
      "name: 1.5\n",
      "tags: [a, b]\n",
      'tags: [ "a" ]\n',
      'tags: ["a" , "b"]\n',
      'tags: ["a",]\n',
      'tags: ["a", ]\n',
      'tags: ["a","b"]\n',
      'tags: ["a\\"b"]\n',
      "tags: ['it''s']\n",
      'tags: ["a",\n  "b"]\n',
      "rules: { }\n",
      'rules: {"a": 1}\n',
      "name:\nvocabulary:\n  - a\n",
    ]) {
      expect(parseBoth(text).fast, text).toBeUndefined();
    }
  });

  it("agrees with the full parser or declines, on generated near-YAML (property)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(document, (text) => {
        if (expectSameOrDeclined(text)) accepted++;
      }),
      { numRuns: 2000 },
    );
    // The property must not hold only because the fast reader declines everything.
    expect(accepted).toBeGreaterThan(30);
  });
});
