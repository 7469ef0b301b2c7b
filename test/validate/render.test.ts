import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { escapeData, escapeProperty, renderFindingsGithub } from "../../src/render/findings-github.js";
import { renderFindingsJson } from "../../src/render/findings-json.js";
import { renderFindingsMarkdown } from "../../src/render/findings-markdown.js";
import { renderFindingsText } from "../../src/render/findings-text.js";
import { cleanPhrases, lint, trackerYaml } from "./helpers.js";

/** A realistic mix: an error with a column, a warning with related locations, a schema error with a pointer. */
function sampleFindings(): Finding[] {
  return lint({
    "trackers/refunds.yaml": trackerYaml("Refunds", [...cleanPhrases("a"), "money back?", "money back"]),
    "trackers/billing.yaml": trackerYaml("Billing", [...cleanPhrases("b"), "money back"], "descripton: typo"),
  });
}

describe("findings renderers (golden files)", () => {
  it("text", async () => {
    await expect(renderFindingsText(sampleFindings(), { color: false })).toMatchFileSnapshot("golden/findings.txt");
  });

  it("text with colour wraps severities in ANSI codes", () => {
    const text = renderFindingsText(sampleFindings(), { color: true });
    expect(text).toContain("\u001b[31merror  \u001b[39m");
    expect(text).toContain("\u001b[33mwarning\u001b[39m");
  });

  it("text with no findings says so", () => {
    expect(renderFindingsText([], { color: false })).toBe("No problems found.\n");
  });

  it("json", async () => {
    const json = renderFindingsJson(sampleFindings(), { files: ["trackers/billing.yaml", "trackers/refunds.yaml"] });
    await expect(json).toMatchFileSnapshot("golden/findings.json");
    const parsed = JSON.parse(json);
    expect(parsed.formatVersion).toBe(1);
    expect(parsed.summary).toEqual({ errors: 3, warnings: 2, files: 2 });
  });

  it("github", async () => {
    await expect(renderFindingsGithub(sampleFindings())).toMatchFileSnapshot("golden/findings.github.txt");
  });

  it("markdown", async () => {
    await expect(renderFindingsMarkdown(sampleFindings())).toMatchFileSnapshot("golden/findings.md");
    expect(renderFindingsMarkdown([])).toBe("**Validation:** no problems found.\n");
  });
});

describe("GitHub workflow command escaping", () => {
  it("escapes %, CR and LF in the message and also , and : in properties", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("dir:a,b/c%.yaml")).toBe("dir%3Aa%2Cb/c%25.yaml");
    const finding: Finding = { rule: "phrase-character", severity: "error", message: "Line one\nline two: 5%", file: "a,b:c.yaml", line: 3, column: 9 };
    expect(renderFindingsGithub([finding])).toBe("::error file=a%2Cb%3Ac.yaml,line=3,col=9,title=phrase-character::Line one%0Aline two: 5%25\n");
  });

  it("warnings use ::warning", () => {
    const finding: Finding = { rule: "phrase-shared", severity: "warning", message: "m", file: "a.yaml", line: 1, column: 1 };
    expect(renderFindingsGithub([finding])).toMatch(/^::warning /);
  });
});

describe("markdown escaping", () => {
  it("escapes pipes and angle brackets so the table holds", () => {
    const finding: Finding = { rule: "schema", severity: "error", message: "a | b <script>", file: "x|y.yaml", line: 1, column: 2 };
    const markdown = renderFindingsMarkdown([finding]);
    expect(markdown).toContain("a &#124; b &lt;script&gt;");
    expect(markdown).toContain("`x\\|y.yaml:1:2`");
  });
});
