import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { createCapturedIo } from "../helpers/cli-io.js";

const FIXTURE = path.resolve("test/preview/fixtures/project");

async function copyFixture(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "tracker-preview-"));
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  const io = createCapturedIo({ cwd });
  const code = await runCli(argv, io);
  return { code, out: io.stdoutText, err: io.stderrText };
}

describe("tracker-sync test", () => {
  it("reports failing examples at file:line and exits 1", async () => {
    const result = await run(FIXTURE, "test");
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      [
        `trackers/promotion.yaml:11:7: "Promotion Mention" should match "This is about sales in general", but none of its phrases did.`,
        `trackers/promotion.yaml:13:7: "Promotion Mention" should not match "I have a promo code for you", but it matched "promo code".`,
        "",
        "6 examples in 2 trackers: 4 passed, 2 failed.",
        "",
      ].join("\n"),
    );
  });

  it("exits 0 when every example passes, and reports JSON", async () => {
    const dir = await copyFixture();
    const promotion = path.join(dir, "trackers/promotion.yaml");
    await writeFile(promotion, (await readFile(promotion, "utf8")).replace("    - This is about sales in general\n", "").replace("    - I have a promo code for you", "    - Nothing to see here"));
    const text = await run(dir, "test");
    expect(text).toMatchObject({ code: 0, out: "5 examples in 2 trackers: all passed.\n" });
    const json = await run(dir, "test", "--format", "json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ formatVersion: 1, trackers: 2, examples: 5, passed: 5, failed: 0 });
    expect(report.results.find((result: { example: string }) => result.example.startsWith("We're"))).toEqual({
      tracker: "Promotion Mention",
      kind: "shouldMatch",
      example: "We're running a sale right now",
      passed: true,
      matched: [{ value: "run sale", exact: false }],
      location: { file: "trackers/promotion.yaml", line: 10, column: 7 },
    });
  });

  it("refuses to run tests when validation has errors, printing the findings", async () => {
    const dir = await copyFixture();
    await writeFile(path.join(dir, "trackers/broken.yaml"), "name: Broken\nvocabulary: not-a-list\n");
    const result = await run(dir, "test");
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(/trackers\/broken\.yaml:\d+:\d+\s+error/);
    expect(result.err).toMatch(/Fix the errors above/);
  });

  it("rejects an unknown format and explains --help", async () => {
    expect((await run(FIXTURE, "test", "--format", "xml")).err).toMatch(/Unknown --format 'xml'/);
    expect(await run(FIXTURE, "test", "--help")).toMatchObject({ code: 0, out: expect.stringContaining("Usage: tracker-sync test") });
  });
});

describe("tracker-sync preview", () => {
  it("prints what each tracker detects, as text", async () => {
    const result = await run(FIXTURE, "preview");
    expect(result.code).toBe(0);
    await expect(result.out).toMatchFileSnapshot("golden/preview.txt");
  });

  it("prints trackers-detected per conversation as JSON", async () => {
    const result = await run(FIXTURE, "preview", "--format", "json");
    expect(result.code).toBe(0);
    const preview = JSON.parse(result.out);
    expect(preview.conversations.map((conversation: { id: string }) => conversation.id)).toEqual(["a-refund", "b-quiet"]);
    expect(preview.conversations[1].trackersDetected).toEqual([]);
    const promotion = preview.conversations[0].trackersDetected.find((tracker: { name: string }) => tracker.name === "Promotion Mention");
    expect(promotion.matches).toEqual([
      { type: "vocabulary", value: "run sale", messageRefs: [{ id: "2", text: expect.any(String), offset: -1 }], insightRefs: [] },
      { type: "vocabulary", value: "percent off", messageRefs: [{ id: "2", text: expect.any(String), offset: 66 }], insightRefs: [] },
    ]);
    expect(preview.trackers).toEqual([
      { id: expect.stringMatching(/^\d{16}$/), name: "Promotion Mention", matches: 2, messages: 1, conversations: 1 },
      { id: expect.stringMatching(/^\d{16}$/), name: "Refund Request", matches: 3, messages: 2, conversations: 1 },
    ]);
  });

  it("writes a self-contained HTML page to --out, or .tracker-sync/preview.html by default", async () => {
    const dir = await copyFixture();
    const explicit = await run(dir, "preview", "--format", "html", "--out", "report/preview.html");
    expect(explicit).toMatchObject({ code: 0, out: "Wrote report/preview.html: 2 trackers (2 with matches) over 2 conversations.\n" });
    const html = await readFile(path.join(dir, "report/preview.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/(?:src|href)="https?:/);
    expect(html).toContain('<mark class="match" data-trackers="t1"');
    const fallback = await run(dir, "preview", "--format", "html");
    expect(fallback.out).toMatch(/^Wrote \.tracker-sync\/preview\.html/);
    expect(await readFile(path.join(dir, ".tracker-sync/preview.html"), "utf8")).toBe(html);
  });

  it("reads --conversations and names a malformed conversation file", async () => {
    const dir = await copyFixture();
    await writeFile(path.join(dir, "conversations/c-bad.json"), "{ nope");
    const result = await run(dir, "preview");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^Error: .*conversations\/c-bad\.json is not valid JSON/);
    expect(result.err).not.toMatch(/\n\s+at /);
    const missing = await run(dir, "preview", "--conversations", "nowhere");
    expect(missing.err).toMatch(/nowhere does not exist/);
  });
});
