import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { validateFiles } from "../../src/validate/validate-files.js";
import { cleanPhrases, configWith, trackerYaml } from "./helpers.js";

describe("generation-2 fields in tracker files", () => {
  it("loads categories and languages next to description", () => {
    const content = trackerYaml("Pricing", cleanPhrases("p"), "description: Prices\ncategories:\n  - Sales\nlanguages:\n  - en-US\n  - en-GB");
    const { findings, trackers } = validateFiles([{ path: "p.yaml", content }], configWith({ api: { generation: 2 } }));
    expect(findings).toEqual([]);
    expect(trackers[0]).toMatchObject({ description: "Prices", categories: ["Sales"], languages: ["en-US", "en-GB"] });
  });

  it("warns at each key when api.generation is 1, because the fields would never be sent", () => {
    const content = trackerYaml("Pricing", cleanPhrases("p"), "categories:\n  - Sales\nlanguages:\n  - en-US");
    const findings = validateFiles([{ path: "p.yaml", content }], configWith()).findings;
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.line, finding.column, finding.pointer])).toEqual([
      ["generation-field-ignored", "warning", 8, 1, "/categories"],
      ["generation-field-ignored", "warning", 10, 1, "/languages"],
    ]);
    expect(findings[0]!.message).toContain("api: { generation: 2 }");
    expect(validateFiles([{ path: "p.yaml", content }], configWith({ rules: { "generation-field-ignored": "off" } })).findings).toEqual([]);
  });

  it.each([
    ["a language tag that is not one", "languages:\n  - english please", /languages/],
    ["an empty list of languages", "languages: []", /languages/],
    ["a repeated category", "categories:\n  - Sales\n  - Sales", /categories/],
    ["a category that is not a string", "categories:\n  - 5", /categories/],
  ])("reports %s as a schema error at its line", (_label, extra, message) => {
    const content = trackerYaml("Pricing", cleanPhrases("p"), extra);
    const { findings } = validateFiles([{ path: "p.yaml", content }], configWith({ api: { generation: 2 } }));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ rule: "schema", severity: "error", file: "p.yaml", line: expect.any(Number) });
    expect(findings[0]!.line).toBeGreaterThan(6);
    expect(`${findings[0]!.message} ${findings[0]!.pointer ?? ""}`).toMatch(message);
  });
});

describe("api.generation in tracker-sync.yaml", () => {
  it("defaults to 1 and reads 2", () => {
    expect(parseConfig("c.yaml", "prune: false\n").config.api).toEqual({ generation: 1 });
    expect(parseConfig("c.yaml", "api:\n  generation: 2\n")).toMatchObject({ config: { api: { generation: 2 } }, findings: [] });
  });

  it("rejects an unknown generation and an unknown key with a located finding", () => {
    expect(parseConfig("c.yaml", "api:\n  generation: 3\n").findings).toMatchObject([{ rule: "config-schema", line: 2, pointer: "/api/generation" }]);
    expect(parseConfig("c.yaml", "api:\n  generaton: 2\n").findings).toMatchObject([{ rule: "config-schema", line: 2 }]);
  });
});
