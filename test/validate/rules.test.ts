import { describe, expect, it } from "vitest";
import { RULES } from "../../src/validate/rules.js";
import { cleanPhrases, configWith, lint, only, rulesOf, trackerYaml } from "./helpers.js";

const five = cleanPhrases("x");

describe("vocabulary count rules", () => {
  it("vocabulary-empty: an active tracker with an empty list is an error; a retired one without vocabulary is fine", () => {
    const bad = lint({ "a.yaml": "name: Empty\nvocabulary: []\n" });
    expect(only(bad, "vocabulary-empty")).toMatchObject([{ severity: "error", line: 2, column: 13, pointer: "/vocabulary" }]);
    expect(lint({ "a.yaml": "name: Gone\nretired: true\n" })).toEqual([]);
  });

  it("vocabulary-too-many: 51 phrases point at the 51st; 50 pass", () => {
    const phrases = Array.from({ length: 51 }, (_, index) => `phrase number ${index}`);
    const bad = only(lint({ "a.yaml": trackerYaml("Big", phrases) }), "vocabulary-too-many");
    expect(bad).toMatchObject([{ severity: "error", line: 53, column: 5, pointer: "/vocabulary/50" }]);
    expect(bad[0]!.message).toContain("51 phrases");
    expect(rulesOf(lint({ "a.yaml": trackerYaml("Big", phrases.slice(0, 50)) }))).not.toContain("vocabulary-too-many");
  });

  it("vocabulary-too-few: four phrases warn, five do not", () => {
    expect(only(lint({ "a.yaml": trackerYaml("Few", five.slice(0, 4)) }), "vocabulary-too-few")).toMatchObject([{ severity: "warning", line: 3, column: 3 }]);
    expect(lint({ "a.yaml": trackerYaml("Few", five) })).toEqual([]);
  });
});

describe("phrase rules", () => {
  it("phrase-empty: an empty or whitespace-only phrase is an error", () => {
    const findings = lint({ "a.yaml": trackerYaml("T", [...five, '""', '"   "']) });
    expect(only(findings, "phrase-empty")).toMatchObject([
      { severity: "error", line: 8, column: 5, pointer: "/vocabulary/5" },
      { severity: "error", line: 9, column: 5, pointer: "/vocabulary/6" },
    ]);
    expect(rulesOf(lint({ "a.yaml": trackerYaml("T", five) }))).not.toContain("phrase-empty");
  });

  it("phrase-character: the column is the offending character's, in plain and quoted scalars", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("T", [...five, "is it on sale?", '"50% off today"']) }), "phrase-character");
    expect(findings).toMatchObject([
      { severity: "error", line: 8, column: 18, pointer: "/vocabulary/5" },
      { severity: "error", line: 9, column: 8, pointer: "/vocabulary/6" },
    ]);
    expect(findings[0]!.message).toBe("Phrase 'is it on sale?' contains '?' (U+003F), which Symbl does not accept. Use only letters, digits, spaces, periods, apostrophes and dashes.");
  });

  it("phrase-character accepts letters with accents, digits, periods, apostrophes and dashes", () => {
    expect(lint({ "a.yaml": trackerYaml("T", [...five, "crème brûlée", "can't log in", "e-mail", "mr. smith", "10 20 percent"]) })).toEqual([]);
  });

  it("phrase-character names invisible characters such as a tab", () => {
    const [finding] = only(lint({ "a.yaml": trackerYaml("T", [...five, '"two\\twords"']) }), "phrase-character");
    expect(finding!.message).toContain("a tab (U+0009)");
    expect(finding).toMatchObject({ line: 8 });
  });

  it("phrase-whitespace: leading, trailing and repeated spaces warn at the space", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("T", [...five, '" leading space"', '"two  spaces"', '"trailing "']) }), "phrase-whitespace");
    expect(findings).toMatchObject([
      { severity: "warning", line: 8, column: 6 },
      { severity: "warning", line: 9, column: 9 },
      { severity: "warning", line: 10, column: 14 },
    ]);
    expect(rulesOf(lint({ "a.yaml": trackerYaml("T", five) }))).not.toContain("phrase-whitespace");
  });

  it("phrase-duplicate: an exact repeat is an error pointing back at the first", () => {
    const [finding] = only(lint({ "a.yaml": trackerYaml("T", [...five, five[0]!]) }), "phrase-duplicate");
    expect(finding).toMatchObject({ severity: "error", line: 8, column: 5, related: [{ file: "a.yaml", line: 3, column: 5 }] });
    expect(finding!.message).toContain("already listed at line 3");
  });

  it("phrase-duplicate-normalized: equal after case, whitespace and punctuation is an error; different words are not", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("T", [...five, "Can't Log-In", "cant log in"]) }), "phrase-duplicate-normalized");
    expect(findings).toMatchObject([{ severity: "error", line: 9, column: 5 }]);
    expect(rulesOf(lint({ "a.yaml": trackerYaml("T", [...five, "log in", "log out"]) }))).not.toContain("phrase-duplicate-normalized");
  });

  it("an exact repeat of a later near-duplicate is still reported as the exact duplicate", () => {
    const findings = lint({ "a.yaml": trackerYaml("T", [...five, "Log in", "log in", "log in"]) });
    expect(findings.map((finding) => [finding.rule, finding.line])).toEqual([
      ["phrase-duplicate-normalized", 9],
      ["phrase-duplicate", 10],
    ]);
    expect(findings[1]!.related).toEqual([{ file: "a.yaml", line: 9, column: 5, message: "first listed here" }]);
  });

  it("punctuation-only phrases are character errors, never duplicates or sub-phrases of others", () => {
    const findings = lint({ "a.yaml": trackerYaml("T", [...five, '"?!"', '"..."', "alpha call x again"]) });
    expect(findings.map((finding) => finding.rule)).toEqual(["phrase-character", "phrase-redundant"]);
  });

  it("phrase-redundant: a phrase containing another as whole words warns; a substring inside a word does not", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("T", [...five, "refund", "i want a refund please"]) }), "phrase-redundant");
    expect(findings).toMatchObject([{ severity: "warning", line: 9, column: 5, related: [{ line: 8 }] }]);
    expect(rulesOf(lint({ "a.yaml": trackerYaml("T", [...five, "fund", "refunds please"]) }))).not.toContain("phrase-redundant");
  });

  it("phrase-too-long: more words than lint.maxPhraseWords warn; the limit is configurable", () => {
    const long = "one two three four five six seven eight nine ten eleven twelve thirteen";
    expect(only(lint({ "a.yaml": trackerYaml("T", [...five, long]) }), "phrase-too-long")).toMatchObject([{ severity: "warning", line: 8 }]);
    const relaxed = configWith({ lint: { maxPhraseWords: 13, fillerOpenings: [] } });
    expect(rulesOf(lint({ "a.yaml": trackerYaml("T", [...five, long]) }, relaxed))).not.toContain("phrase-too-long");
  });

  it("phrase-filler-opening: 'I think', 'um', 'like' openings warn; the word inside a phrase does not", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("T", [...five, "I think it broke", "um hello", "like the product"]) }), "phrase-filler-opening");
    expect(findings.map((finding) => finding.line)).toEqual([8, 9, 10]);
    expect(findings[0]!.message).toContain("'i think'");
    expect(rulesOf(lint({ "a.yaml": trackerYaml("T", [...five, "would like to cancel", "likely broken"]) }))).not.toContain("phrase-filler-opening");
  });
});

describe("name rules", () => {
  it("name-invalid: an empty name or surrounding whitespace is an error", () => {
    expect(only(lint({ "a.yaml": trackerYaml('""', five) }), "name-invalid")).toMatchObject([{ severity: "error", line: 1, column: 7, pointer: "/name" }]);
    expect(only(lint({ "a.yaml": trackerYaml('" Padded"', five) }), "name-invalid")[0]!.message).toContain("leading or trailing whitespace");
    expect(lint({ "a.yaml": trackerYaml("Fine Name", five) })).toEqual([]);
  });

  it("name-duplicate: the same name in two files is an error at both, each naming the other", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("Same", cleanPhrases("a")), "b.yaml": trackerYaml("Same", cleanPhrases("b")) }), "name-duplicate");
    expect(findings).toMatchObject([
      { file: "a.yaml", line: 1, column: 7, severity: "error", related: [{ file: "b.yaml", line: 1, column: 7 }] },
      { file: "b.yaml", line: 1, column: 7, severity: "error", related: [{ file: "a.yaml", line: 1, column: 7 }] },
    ]);
    expect(findings[0]!.message).toContain("also defined at b.yaml:1");
  });

  it("name-duplicate also catches two documents of one file; different names pass", () => {
    const text = `${trackerYaml("Same", cleanPhrases("a"))}---\n${trackerYaml("Same", cleanPhrases("b"))}`;
    expect(only(lint({ "a.yaml": text }), "name-duplicate").map((finding) => finding.line)).toEqual([1, 9]);
    expect(lint({ "a.yaml": trackerYaml("One", cleanPhrases("a")), "b.yaml": trackerYaml("Two", cleanPhrases("b")) })).toEqual([]);
  });

  it("name-case-conflict: names equal except for case warn at both", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("Voice Message", cleanPhrases("a")), "b.yaml": trackerYaml("voice message", cleanPhrases("b")) }), "name-case-conflict");
    expect(findings).toMatchObject([
      { file: "a.yaml", severity: "warning" },
      { file: "b.yaml", severity: "warning" },
    ]);
  });

  it("name-prefix: with ownership.prefix set, a name without it is an error; with it, fine", () => {
    const config = configWith({ ownership: { prefix: "cc-" } });
    const [finding] = only(lint({ "a.yaml": trackerYaml("Refunds", five) }, config), "name-prefix");
    expect(finding).toMatchObject({ severity: "error", line: 1, column: 7 });
    expect(finding!.message).toContain("'cc-Refunds'");
    expect(lint({ "a.yaml": trackerYaml("cc-Refunds", five) }, config)).toEqual([]);
    expect(lint({ "a.yaml": trackerYaml("Refunds", five) })).toEqual([]);
  });

  it("previous-name-conflict: a previous name that another tracker still has is an error", () => {
    const renamed = trackerYaml("New Name", cleanPhrases("a"), "previousNames:\n  - Old Name");
    const findings = only(lint({ "a.yaml": renamed, "b.yaml": trackerYaml("Old Name", cleanPhrases("b")) }), "previous-name-conflict");
    expect(findings).toMatchObject([{ file: "a.yaml", line: 9, column: 5, pointer: "/previousNames/0", related: [{ file: "b.yaml", line: 1 }] }]);
    expect(lint({ "a.yaml": renamed })).toEqual([]);
  });

  it("previous-name-conflict: a swap or a rename chain is not a conflict, because the other tracker renames itself too", () => {
    const swap = {
      "a.yaml": trackerYaml("Alpha", cleanPhrases("a"), "previousNames: [Beta]"),
      "b.yaml": trackerYaml("Beta", cleanPhrases("b"), "previousNames: [Alpha]"),
    };
    expect(only(lint(swap), "previous-name-conflict")).toEqual([]);
    const chain = {
      "b.yaml": trackerYaml("B", cleanPhrases("b"), "previousNames: [A]"),
      "c.yaml": trackerYaml("C", cleanPhrases("c"), "previousNames: [B]"),
    };
    expect(only(lint(chain), "previous-name-conflict")).toEqual([]);
  });

  it("previous-name-conflict: its own name, or one old name claimed by two trackers, is an error", () => {
    const self = trackerYaml("Same", five, "previousNames: [Same]");
    expect(only(lint({ "a.yaml": self }), "previous-name-conflict")[0]!.message).toContain("own name");
    const claims = {
      "a.yaml": trackerYaml("First", cleanPhrases("a"), "previousNames: [Old]"),
      "b.yaml": trackerYaml("Second", cleanPhrases("b"), "previousNames: [Old]"),
    };
    expect(only(lint(claims), "previous-name-conflict").map((finding) => finding.file)).toEqual(["a.yaml", "b.yaml"]);
  });
});

describe("cross-tracker phrase rule", () => {
  it("phrase-shared: the same normalised phrase in two trackers warns at both locations", () => {
    const findings = only(lint({ "a.yaml": trackerYaml("A", [...cleanPhrases("a"), "Money Back"]), "b.yaml": trackerYaml("B", [...cleanPhrases("b"), "money back"]) }), "phrase-shared");
    expect(findings).toMatchObject([
      { file: "a.yaml", line: 8, column: 5, severity: "warning", related: [{ file: "b.yaml", line: 8, column: 5 }] },
      { file: "b.yaml", line: 8, column: 5, severity: "warning", related: [{ file: "a.yaml", line: 8, column: 5 }] },
    ]);
  });

  it("phrase-shared reports each tracker once, however often the phrase repeats inside it", () => {
    const files = {
      "a.yaml": trackerYaml("A", [...cleanPhrases("a"), "money back", "Money back"]),
      "b.yaml": trackerYaml("B", [...cleanPhrases("b"), "money back"]),
      "c.yaml": trackerYaml("C", [...cleanPhrases("c"), "money-back"]),
    };
    const findings = only(lint(files), "phrase-shared");
    expect(findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(["a.yaml:8", "b.yaml:8", "c.yaml:8"]);
    expect(findings[0]!.message).toContain("and 1 more");
    expect(findings[0]!.related).toHaveLength(2);
  });

  it("phrase-shared ignores retired trackers", () => {
    const files = { "a.yaml": trackerYaml("A", [...cleanPhrases("a"), "money back"]), "b.yaml": trackerYaml("B", [...cleanPhrases("b"), "money back"], "retired: true") };
    expect(rulesOf(lint(files))).not.toContain("phrase-shared");
  });
});

describe("size rules", () => {
  it("tracker-too-large: a create body over 1 MiB is an error; just under passes", () => {
    const long = "a".repeat(22_000);
    const phrases = Array.from({ length: 48 }, (_, index) => `${long} ${index}`);
    const findings = lint({ "a.yaml": trackerYaml("Huge", phrases) }, configWith({ lint: { maxPhraseWords: 12, fillerOpenings: [] } }));
    expect(only(findings, "tracker-too-large")).toMatchObject([{ severity: "error", line: 1, column: 7 }]);
    expect(rulesOf(lint({ "a.yaml": trackerYaml("Huge", phrases.slice(0, 47)) }))).not.toContain("tracker-too-large");
  });

  it("account-tracker-limit: 501 active trackers are an error; 500 active plus retired ones are not", () => {
    const documents = (count: number, extra = "") =>
      Array.from({ length: count }, (_, index) => `name: T${index}\nvocabulary: [alpha ${index}, bravo ${index}, charlie ${index}, delta ${index}, echo ${index}]\n${extra}`).join("---\n");
    const findings = only(lint({ "a.yaml": documents(501) }), "account-tracker-limit");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("501 active trackers");
    expect(findings[0]!.line).toBe(1 + 500 * 3);
    const withRetired = `${documents(500)}---\nname: Old\nretired: true\n`;
    expect(lint({ "a.yaml": withRetired })).toEqual([]);
  });
});

describe("severity overrides", () => {
  it("rules: can make a warning an error, an error a warning, or turn a rule off", () => {
    const files = { "a.yaml": trackerYaml("Few", ["is it on sale?"]) };
    expect(lint(files).map((finding) => [finding.rule, finding.severity])).toEqual([
      ["vocabulary-too-few", "warning"],
      ["phrase-character", "error"],
    ]);
    const config = configWith({ rules: { "vocabulary-too-few": "error", "phrase-character": "off" } });
    expect(lint(files, config).map((finding) => [finding.rule, finding.severity])).toEqual([["vocabulary-too-few", "error"]]);
    expect(lint(files, configWith({ rules: { "phrase-character": "warning" } })).every((finding) => finding.severity === "warning")).toBe(true);
  });

  it("every rule code is documented in docs/validate.md with its default severity", async () => {
    const { readFile } = await import("node:fs/promises");
    const docs = await readFile(new URL("../../docs/validate.md", import.meta.url), "utf8");
    for (const [code, info] of Object.entries(RULES)) {
      expect(docs, code).toMatch(new RegExp(`\`${code}\`\\s*\\|\\s*${info.severity}`));
    }
  });
});
