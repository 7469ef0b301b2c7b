import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import trackerSchema from "../../schemas/tracker.schema.json" with { type: "json" };
import { SCHEMA_CHECK_AJV_OPTIONS } from "../../scripts/build-schema-validators.js";
import { validateFiles } from "../../src/validate/validate-files.js";
import { configWith, lint } from "./helpers.js";

const validDirectory = new URL("./fixtures/valid/", import.meta.url);

describe("the schemas validate compiles", () => {
  // scripts/build-schema-validators.ts compiles them with validateSchema off, so the meta-schema check lives here.
  it.each([
    ["tracker.schema.json", trackerSchema],
    ["config.schema.json", configSchema],
  ])("%s is a valid JSON Schema 2020-12 document and compiles in strict mode", (_name, schema) => {
    const ajv = new Ajv2020({ ...SCHEMA_CHECK_AJV_OPTIONS });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});

describe("tracker schema: valid fixtures", async () => {
  const names = (await readdir(validDirectory)).filter((name) => name.endsWith(".yaml")).sort();

  it("has fixtures to check", () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of names) {
    it(`${name} validates with no findings`, async () => {
      const content = await readFile(new URL(name, validDirectory));
      const result = validateFiles([{ path: name, content }], configWith());
      expect(result.findings).toEqual([]);
      expect(result.trackers.length).toBeGreaterThan(0);
    });
  }

  it("loads every field with source locations", async () => {
    const content = await readFile(new URL("full.yaml", validDirectory));
    const [tracker] = validateFiles([{ path: "full.yaml", content }], configWith()).trackers;
    expect(tracker).toMatchObject({
      name: "Delivery Problem",
      description: "Every optional field in use.",
      previousNames: ["Shipping Issue", "Late Delivery"],
      retired: false,
      vocabulary: ["package never arrived", "tracking number", "delivered to the wrong address", "courier", "damaged in transit"],
      tests: { shouldMatch: ["My package never arrived and the tracking number shows nothing."], shouldNotMatch: ["I want to change my password."] },
      source: {
        file: "full.yaml",
        documentIndex: 0,
        name: { file: "full.yaml", line: 2, column: 7 },
        tests: { shouldMatch: [{ line: 15, column: 7 }], shouldNotMatch: [{ line: 17, column: 7 }] },
      },
    });
    expect(tracker!.source.phrases.map((location) => location.line)).toEqual([8, 9, 10, 11, 12]);
  });

  it("keeps the document index of each tracker in a multi-document file", async () => {
    const content = await readFile(new URL("multi-document.yaml", validDirectory));
    const trackers = validateFiles([{ path: "m.yaml", content }], configWith()).trackers;
    expect(trackers.map((tracker) => [tracker.name, tracker.source.documentIndex, tracker.source.name.line])).toEqual([
      ["Greeting", 0, 1],
      ["Farewell", 1, 4],
    ]);
  });

  it("a retired tracker loads with retired: true and no vocabulary", async () => {
    const content = await readFile(new URL("retired.yaml", validDirectory));
    expect(validateFiles([{ path: "r.yaml", content }], configWith()).trackers).toMatchObject([{ name: "Old Promotion", retired: true, vocabulary: [] }]);
  });
});

describe("anchors and aliases", () => {
  it("aliased phrases and an aliased vocabulary list are followed", () => {
    const result = validateFiles([{ path: "a.yaml", content: "x: &p [alpha one, bravo one, charlie one, delta one, echo one]\nname: A\nvocabulary: *p\n" }], configWith());
    expect(result.findings.map((finding) => finding.message)).toEqual([
      "Unknown key 'x' in the tracker. Remove it; the allowed keys are 'name', 'description', 'categories', 'languages', 'vocabulary', 'previousNames', 'retired', 'tests', 'environments'.",
    ]);
    expect(result.trackers[0]!.vocabulary).toEqual(["alpha one", "bravo one", "charlie one", "delta one", "echo one"]);
    const items = validateFiles([{ path: "b.yaml", content: "name: &n Same Words\nvocabulary: [*n, bravo two, charlie two, delta two, echo two]\n" }], configWith());
    expect(items.findings).toEqual([]);
    expect(items.trackers[0]!.vocabulary[0]).toBe("Same Words");
  });
});

describe("tracker schema: negative cases pin pointer, line, column and message", () => {
  const phrases = "vocabulary: [alpha, bravo, charlie, delta, echo]\n";

  it("an unknown key names the key and suggests the closest valid one", () => {
    const findings = lint({ "a.yaml": `name: T\n${phrases}descripton: typo\n` });
    expect(findings).toEqual([
      { rule: "schema", severity: "error", file: "a.yaml", line: 3, column: 1, pointer: "/descripton", message: "Unknown key 'descripton' in the tracker. Did you mean 'description'?" },
    ]);
  });

  it("an unknown key with no close match lists the allowed keys", () => {
    const [finding] = lint({ "a.yaml": `name: T\n${phrases}owner: team-a\n` });
    expect(finding!.message).toBe(
      "Unknown key 'owner' in the tracker. Remove it; the allowed keys are 'name', 'description', 'categories', 'languages', 'vocabulary', 'previousNames', 'retired', 'tests', 'environments'.",
    );
  });

  it("an unknown key under tests is located at that key", () => {
    const [finding] = lint({ "a.yaml": `name: T\n${phrases}tests:\n  shouldMatchh: [hi]\n` });
    expect(finding).toMatchObject({ pointer: "/tests/shouldMatchh", line: 4, column: 3, message: "Unknown key 'shouldMatchh' in 'tests'. Did you mean 'shouldMatch'?" });
  });

  it("a missing name is reported at the document", () => {
    const [finding] = lint({ "a.yaml": `# comment\n${phrases}` });
    expect(finding).toMatchObject({ rule: "schema", pointer: "", line: 2, column: 1, message: "The tracker is missing the required key 'name'. Add it." });
  });

  it("a missing vocabulary on an active tracker is reported", () => {
    const [finding] = lint({ "a.yaml": "name: T\ndescription: no phrases\n" });
    expect(finding).toMatchObject({ rule: "schema", pointer: "", line: 1, column: 1, message: "The tracker is missing the required key 'vocabulary'. Add it." });
  });

  it("a number where a phrase belongs is reported at the item, with a hint to quote it", () => {
    const findings = lint({ "a.yaml": "name: T\nvocabulary:\n  - alpha\n  - bravo\n  - 404\n  - delta\n  - echo\n" });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: "schema",
      pointer: "/vocabulary/2",
      line: 5,
      column: 5,
      message: "Entry 3 of 'vocabulary' must be a string, not a number. Put it in quotes if it is meant as text.",
    });
  });

  it("wrong types of fields are reported at their values", () => {
    const findings = lint({ "a.yaml": `name: [a list]\n${phrases}retired: "yes"\npreviousNames: Old\n` });
    expect(findings.map((finding) => [finding.pointer, finding.line, finding.column, finding.message])).toEqual([
      ["/name", 1, 7, "'name' must be a string, not a list."],
      ["/retired", 3, 10, "'retired' must be a boolean, not a string."],
      ["/previousNames", 4, 16, "'previousNames' must be a list, not a string."],
    ]);
  });

  it("a document that is not a mapping is reported", () => {
    const [finding] = lint({ "a.yaml": "- just\n- a list\n" });
    expect(finding).toMatchObject({ rule: "schema", pointer: "", line: 1, column: 1, message: "The tracker must be a mapping, not a list." });
  });
});

describe("the JSON Schema files as editors use them", () => {
  it("the tracker schema accepts every shipped tracker and flags what the lint flags for editors", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const { parse } = await import("yaml");
    const schema = JSON.parse(await readFile(new URL("../../schemas/tracker.schema.json", import.meta.url), "utf8"));
    const validate = new Ajv2020({ allErrors: true, strictRequired: false }).compile(schema);
    const directory = new URL("../../trackers/", import.meta.url);
    for (const name of await readdir(directory)) {
      expect(validate(parse(await readFile(new URL(name, directory), "utf8"))), name).toBe(true);
    }
    expect(validate({ name: "T", vocabulary: ["is it on sale?"] })).toBe(false);
    expect(validate({ name: "T", vocabulary: Array.from({ length: 51 }, (_, index) => `p ${index}`) })).toBe(false);
    expect(validate({ name: "T", retired: true })).toBe(true);
    expect(validate({ name: "T" })).toBe(false);
  });

  it("the config schema accepts the repository's tracker-sync.yaml and rejects a bad severity", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const { parse } = await import("yaml");
    const schema = JSON.parse(await readFile(new URL("../../schemas/config.schema.json", import.meta.url), "utf8"));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    expect(validate(parse(await readFile(new URL("../../tracker-sync.yaml", import.meta.url), "utf8")))).toBe(true);
    expect(validate({ rules: { "phrase-shared": "loud" } })).toBe(false);
  });
});
