import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderPlanFailure, renderPlanReport } from "../../src/action/plan-comment.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { escapeCommandData, escapeCommandProperty } from "../../src/escape/workflow-command.js";
import { escapeMarkdownText } from "../../src/escape/markdown-text.js";
import { escapeTerminalText, hasUnsafeCharacter } from "../../src/escape/terminal-text.js";
import type { Finding } from "../../src/model/finding.js";
import type { ApplyResult } from "../../src/model/plan.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { renderApplyResultMarkdown } from "../../src/render/apply-markdown.js";
import { renderApplyResultText } from "../../src/render/apply-text.js";
import { renderInterruptedApplyText } from "../../src/render/apply-interrupted-text.js";
import { describePlanDrift } from "../../src/plan/compare-plans.js";
import { renderFindingsGithub } from "../../src/render/findings-github.js";
import { renderFindingsMarkdown } from "../../src/render/findings-markdown.js";
import { renderFindingsText } from "../../src/render/findings-text.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { validateFiles } from "../../src/validate/validate-files.js";
import { startLoopbackServer } from "./loopback-server.js";
import { definitionOf, FIVE_PHRASES, hostileYaml, liveOf, testConfig } from "./security-fixtures.js";
import { renderTrackerTestsText } from "../../src/preview/run-tracker-tests.js";

/** A name that, unescaped, closes the HTML block and renders fake approval, an image, a link and a mention. */
const MARKDOWN_ATTACK = "Refunds</b></summary></details>\n\n**Approved by @security-team** ![ok](https://evil.example/x.png) [merge now](https://evil.example) <img src=x>";
/** A name that, unescaped, erases the lines above it on a terminal and starts a workflow command in a CI log. */
const TERMINAL_ATTACK = "Billing\u001b[2K\u001b[1A\u001b[2K\r\n::add-mask::ghp_fake\n::error::Approved";

function hostilePlan() {
  return buildPlan({
    desired: [definitionOf(MARKDOWN_ATTACK, FIVE_PHRASES), definitionOf(TERMINAL_ATTACK, FIVE_PHRASES), definitionOf("Old \u202eevil", [], { retired: true })],
    live: [liveOf("1", "Old \u202eevil", ["x"]), liveOf("2", "Unmanaged @admin\n\n# Heading", ["y"])],
    config: testConfig(),
  });
}

/** What GitHub would render as something other than text: raw breaks into new blocks, links, images, mentions, tags. */
function expectInertMarkdown(markdown: string): void {
  expect(markdown).not.toContain("\n\n**Approved");
  expect(markdown).not.toContain("![");
  expect(markdown).not.toContain("[merge");
  expect(markdown).not.toContain("](");
  expect(markdown).not.toContain("https://");
  expect(markdown).not.toMatch(/@security-team|@admin/);
  expect(markdown).not.toContain("<img");
  expect(markdown).not.toContain("\n# Heading");
  expect(markdown.split("<details").length).toBe(markdown.split("</details>").length);
  expect(markdown.split("<summary>").length).toBe(markdown.split("</summary>").length);
}

/** Terminal output: no raw ESC or bidi control, and no line a workflow runner would read as a command. */
function expectInertTerminal(text: string): void {
  expect(text).not.toContain("\u001b");
  expect(text).not.toContain("\u202e");
  expect(text).not.toContain("\r");
  for (const line of text.split("\n")) expect(line.trimStart().startsWith("::")).toBe(false);
}

describe("Markdown, HTML and mentions in comments, summaries and drift issues", () => {
  it("the plan Markdown shows hostile names as text", () => {
    const markdown = renderPlanMarkdown(hostilePlan());
    expectInertMarkdown(markdown);
    expect(markdown).toContain("Approved by @&#8203;security-team");
  });

  it("the pull-request comment, its compact form and the failure comment stay inert", () => {
    const plan = hostilePlan();
    expectInertMarkdown(renderPlanReport({ findings: [], fileCount: 3, plan, sha: "abc1234" }));
    expectInertMarkdown(renderPlanReport({ findings: [], fileCount: 3, plan, sha: "abc1234" }, { limit: 2500 }));
    expectInertMarkdown(renderPlanFailure({ message: `Symbl said: ${MARKDOWN_ATTACK}`, sha: "abc1234" }, "<!-- marker -->"));
  });

  it("findings and apply results in Markdown stay inert", () => {
    const finding: Finding = { rule: "name-invalid", severity: "error", message: `Bad name '${MARKDOWN_ATTACK}'`, file: "trackers/a`|b\n\n|x|.yaml", line: 1, column: 1 };
    const findings = renderFindingsMarkdown([finding]);
    expectInertMarkdown(findings);
    // The file name sits in a code span: it must neither close the span nor split the table row.
    const row = findings.split("\n").find((line) => line.startsWith("| ❌"));
    expect(row).toContain("`trackers/a'\\|b\\n\\n\\|x\\|.yaml:1:1`");
    expect(findings.split("\n").filter((line) => line.startsWith("|"))).toHaveLength(3);
    const result: ApplyResult = {
      formatVersion: 1,
      fingerprint: "f",
      outcomes: [{ kind: "create", name: MARKDOWN_ATTACK, status: "failed", reason: `server said ${MARKDOWN_ATTACK}` }],
      idChanges: [{ name: MARKDOWN_ATTACK, oldId: "1`\n\nx", newId: "2" }],
      mergedOnPut: [{ name: MARKDOWN_ATTACK, id: "3", unexpected: ["a`\n\n**b**"] }],
      verified: false,
      apiCalls: 1,
    };
    const markdown = renderApplyResultMarkdown(result);
    expectInertMarkdown(markdown);
    expect(markdown).toContain("`a'\\n\\n**b**`");
    expect(markdown).toContain("`1'\\n\\nx`");
  });

  it("escapeMarkdownText neutralises every construct it promises to", () => {
    expect(escapeMarkdownText("a\nb")).toBe("a\\nb".replace("\\", "&#92;"));
    expect(escapeMarkdownText("@octocat")).toBe("@&#8203;octocat");
    expect(escapeMarkdownText("see www.evil.example")).not.toContain("www.evil");
    expect(escapeMarkdownText("a|b")).toBe("a&#124;b");
  });
});

describe("terminal and CI log output", () => {
  it("the plan text (shown at the apply prompt) makes escape codes and line breaks visible", () => {
    const text = renderPlanText(hostilePlan(), { color: false });
    expectInertTerminal(text);
    expect(text).toContain("Billing\\x1b[2K\\x1b[1A");
    expect(text).toContain("\\r\\n::add-mask::");
  });

  it("findings text never lets a name or file name start a workflow command", () => {
    const finding: Finding = { rule: "name-invalid", severity: "error", message: `Bad name '${TERMINAL_ATTACK}'`, file: "trackers/x\n::error::fake.yaml", line: 1, column: 1 };
    expectInertTerminal(renderFindingsText([finding], { color: false }));
  });

  it("apply results in text make escape codes visible", () => {
    const result: ApplyResult = {
      formatVersion: 1,
      fingerprint: "f",
      outcomes: [{ kind: "delete", name: TERMINAL_ATTACK, id: "7\u001b[2K", status: "failed", reason: `server said \u001b[31m${TERMINAL_ATTACK}` }],
      idChanges: [],
      mergedOnPut: [],
      verified: false,
      apiCalls: 1,
    };
    expectInertTerminal(renderApplyResultText(result, { color: false }));
  });

  it("tracker test results make escape codes in names and examples visible", () => {
    const text = renderTrackerTestsText({
      formatVersion: 1,
      trackers: 1,
      examples: 1,
      passed: 0,
      failed: 1,
      results: [
        { tracker: TERMINAL_ATTACK, kind: "shouldMatch", example: "refund\u001b[2K\n::error::x", passed: false, matched: [], location: { file: "trackers/a\n::warning::b.yaml", line: 1, column: 1 } },
      ],
    });
    expectInertTerminal(text);
  });

  it("workflow command annotations escape data and properties as the runner expects", () => {
    const output = renderFindingsGithub([{ rule: "name-invalid", severity: "error", message: TERMINAL_ATTACK, file: "a,b:c\n::x", line: 1, column: 1 }]);
    expect(output.trimEnd().split("\n")).toHaveLength(1);
    expect(escapeCommandData("50%\r\n")).toBe("50%25%0D%0A");
    expect(escapeCommandProperty("a:b,c")).toBe("a%3Ab%2Cc");
    expect(escapeTerminalText("a\u200bb\u2066c\ufeff")).toBe("a\\u200bb\\u2066c\\ufeff");
  });
});

describe("interrupted applies and stale-plan refusals", () => {
  it("the Ctrl-C report escapes names, ids and server reasons for the terminal", () => {
    const result: ApplyResult = {
      formatVersion: 1,
      fingerprint: "f",
      outcomes: [
        { kind: "update", name: TERMINAL_ATTACK, id: "1", status: "failed", reason: `500: ${TERMINAL_ATTACK}` },
        { kind: "create", name: TERMINAL_ATTACK, status: "applied" },
      ],
      idChanges: [{ name: TERMINAL_ATTACK, oldId: "1", newId: "2" }],
      mergedOnPut: [],
      verified: false,
      apiCalls: 1,
    } as ApplyResult;
    const text = renderInterruptedApplyText(result, "SIGINT");
    expect(text).not.toContain("\u001b");
    expect(text.split("\n").some((line) => line.startsWith("::"))).toBe(false);
  });

  it("the stale-plan reasons quote names, so a line break in a name cannot add a line of its own", () => {
    const config = testConfig();
    const reviewed = buildPlan({ desired: [definitionOf("Fake\nNothing changed; run apply --yes", FIVE_PHRASES)], live: [], config });
    const current = buildPlan({ desired: [], live: [], config });
    const reasons = describePlanDrift(reviewed, current);
    expect(
      reasons
        .join("\n")
        .split("\n")
        .some((line) => line.startsWith("Nothing changed")),
    ).toBe(false);
  });
});

describe("validate rejects names that hide or fake text", () => {
  const cases: Array<[string, string, string]> = [
    ["a line break", '"Refunds\\n\\n**Approved**"', "name-character"],
    ["ESC", '"Billing\\e[2K"', "name-character"],
    ["a bidi override", '"Refunds \\u202Eevil"', "name-character"],
    ["a zero-width space", '"Ref\\u200Bunds"', "name-character"],
    ["the lock tracker's name", "tracker-sync.lock", "name-reserved"],
    ["a temporary swap name", "Refunds tracker-sync tmp 0badcafe", "name-reserved"],
    ["something that looks like a temporary swap name", "Refunds Tracker-Sync  TMP", "name-reserved"],
  ];
  for (const [label, yamlName, rule] of cases) {
    it(`a name with ${label} is a ${rule} error`, () => {
      const { findings } = validateFiles([{ path: "trackers/hostile.yaml", content: hostileYaml(yamlName) }], testConfig());
      const hit = findings.find((finding) => finding.rule === rule);
      expect(hit?.severity).toBe("error");
      expectInertTerminal(hit?.message ?? "");
    });
  }

  it("previous names are checked too", () => {
    const yaml = `${hostileYaml("Refunds")}previousNames:\n  - "Old\\u2067name"\n`;
    const { findings } = validateFiles([{ path: "trackers/hostile.yaml", content: yaml }], testConfig());
    expect(findings.map((finding) => finding.rule)).toContain("name-character");
  });
});

describe("server error text is redacted before it is shortened", () => {
  it("a token echoed into a malformed tracker (id or name) is redacted in the error", async () => {
    const token = "Zq9SECRET-static-token-abcdefghij";
    let body = JSON.stringify({ trackers: [{ id: `id ${token}`, vocabulary: [] }] });
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(body);
    });
    try {
      const api = createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: token, SYMBL_API_URL: server.url } });
      // A tracker without a name is listed as unreadable (the plan shows it), with the echoed token redacted.
      const account = await api.listAccount!();
      expect(account.unreadable).toHaveLength(1);
      expect(account.unreadable[0]!.problem).toContain("name");
      expect(JSON.stringify(account)).not.toContain(token);
      // A response that cannot be read at all fails with the server text redacted before it is shortened.
      const duplicate = { id: `id ${token}`, name: "Twice", vocabulary: [] };
      body = JSON.stringify({ trackers: [duplicate, duplicate] });
      const error = (await api.listTrackers().catch((caught: unknown) => caught)) as Error;
      expect(error.message).toContain("appears twice");
      expect(error.message).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it("a token echoed at the cut-off point leaks no prefix of itself", async () => {
    const token = "Zq9SECRET-static-token-0123456789";
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: `${"x".repeat(290)} ${token}` }));
    });
    try {
      const api = createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: token, SYMBL_API_URL: server.url } });
      const error = (await api.listTrackers().catch((caught: unknown) => caught)) as Error;
      expect(error.message).toContain("failed: 400");
      expect(error.message).not.toContain(token.slice(0, 4));
    } finally {
      await server.close();
    }
  });
});

describe("escapers hold for any string (property, fixed seed)", () => {
  const hostileText = fc.string({
    unit: fc.oneof(fc.constantFrom(..."ab @[]()!<>`*_|#~\\\n\r\t\u001b\u009b\u202e\u2066\u200b\ufeff:/w.&\"'{}$".split("")), fc.string({ minLength: 1, maxLength: 1 })),
    maxLength: 40,
  });

  it("Markdown text never holds a raw line break, tag, bracket, pipe, backtick, live mention or hidden character", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const escaped = escapeMarkdownText(text);
        expect(escaped).not.toMatch(/[\n\r<>[\]|`*_~\\\u001b\u009b\u202e\u2066\u200b\ufeff]/);
        expect(escaped).not.toMatch(/@(?!&#8203;)/);
        expect(escaped).not.toContain("://");
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("terminal text never holds a control, bidi or zero-width character", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(hasUnsafeCharacter(escapeTerminalText(text))).toBe(false);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("a plan of arbitrary names renders balanced HTML and one line per phrase", () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 4 }), (names) => {
        const unique = [...new Set(names.map((name) => `n${name}`))];
        const plan = buildPlan({ desired: unique.map((name) => definitionOf(name, FIVE_PHRASES)), live: [], config: testConfig() });
        const markdown = renderPlanMarkdown(plan);
        expect(markdown.split("<details").length).toBe(markdown.split("</details>").length);
        expect(markdown).not.toMatch(/\n\n(?!(<details|<\/details>|```|#|\||\*\*|<sub>|Apply would|$))/);
        const text = renderPlanText(plan, { color: false });
        for (const line of text.split("\n")) expect(line.startsWith("::")).toBe(false);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
