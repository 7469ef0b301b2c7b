import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMatcher } from "../../src/match/analyze-text.js";
import { compileTrackers } from "../../src/match/compile-trackers.js";
import { buildPreview } from "../../src/preview/build-preview.js";
import { loadConversations } from "../../src/preview/load-conversations.js";
import { renderReportHtml } from "../../src/preview/render-report-html.js";
import { isChromiumAvailable, launchChromium, readComputedStyle, SKIP_REASON } from "./launch-chromium.js";

// The matcher loads wink-nlp lazily (see loadMatcher); these tests call it directly.
beforeAll(() => loadMatcher());

const available = isChromiumAvailable();
const ARTIFACTS = path.resolve("test-artifacts");

describe.skipIf(!available)(`Trackers & Analytics page in headless Chromium${available ? "" : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let pageFile: string;
  let counts: Record<string, { matches: number; messages: number; conversations: number }>;
  let matchedMessages: number;

  beforeAll(async () => {
    browser = await launchChromium();
    const conversations = await loadConversations(path.resolve("conversations"));
    const compiled = compileTrackers([
      { name: "Refund Request", vocabulary: ["full refund", "money back", "issue a refund"] },
      { name: "Promotion Mention", vocabulary: ["run sale", "promo code", "percent off"] },
      { name: "Never Matches", vocabulary: ["zebra crossing"] },
    ]);
    const { preview, report } = buildPreview(compiled, conversations);
    counts = Object.fromEntries(preview.trackers.map((tracker) => [tracker.name, tracker]));
    matchedMessages = report.reduce((total, conversation) => total + new Set(conversation.spans.map((span) => span.messageId)).size, 0);
    const dir = await mkdtemp(path.join(tmpdir(), "report-browser-"));
    pageFile = path.join(dir, "preview.html");
    await writeFile(pageFile, renderReportHtml(report, { title: "Preview", readOnly: true, trackers: compiled.trackers }));
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads offline, shows counts and highlighted matches, and filters by tracker", async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) external.push(request.url());
    });
    await page.goto(pathToFileURL(pageFile).href);
    expect(external).toEqual([]);
    expect(await page.title()).toBe("Preview");

    const buttons = page.locator(".tracker-button");
    const promotion = counts["Promotion Mention"]!;
    const refund = counts["Refund Request"]!;
    expect(refund.messages).toBeGreaterThan(1);
    expect(await buttons.allInnerTexts()).toEqual([
      `Never Matches 0 matches in 0 messages`,
      `Promotion Mention ${promotion.matches} matches in ${promotion.messages} messages`,
      `Refund Request ${refund.matches} matches in ${refund.messages} messages`,
    ]);
    expect(await page.locator("mark.match").count()).toBeGreaterThanOrEqual(refund.matches);
    const highlighted = await readComputedStyle(page.locator("mark.match:not(.word-forms)"), "backgroundColor");
    expect(highlighted).not.toBe("rgba(0, 0, 0, 0)");
    const total = await page.locator(".message").count();
    await expect.poll(() => page.locator("#filter-status").innerText()).toBe(`Showing ${total} messages`);

    await page.selectOption("#tracker-filter", { label: `Refund Request (${refund.matches})` });
    await expect.poll(() => page.locator(".message:visible").count()).toBe(refund.messages);
    const visibleTexts = await page.locator(".message:visible .text").allInnerTexts();
    expect(visibleTexts.every((text) => /refund|money back/i.test(text))).toBe(true);
    expect(await page.locator(".conversation:visible").count()).toBe(refund.conversations);
    expect(await page.locator("mark.match.dimmed").count()).toBeGreaterThan(0);
    expect(await page.locator("#filter-status").innerText()).toBe(`Showing ${refund.messages} messages`);
    await page.screenshot({ path: path.join(ARTIFACTS, "preview-filter-refund.png"), fullPage: false });

    await page.locator(".tracker-button", { hasText: "Promotion Mention" }).click();
    await expect.poll(() => page.locator(".message:visible").count()).toBe(promotion.messages);
    expect(await page.inputValue("#tracker-filter")).not.toBe("all");
    await page.locator(".tracker-button", { hasText: "Promotion Mention" }).click();
    await expect.poll(() => page.locator(".message:visible").count()).toBe(total);

    await page.check("#only-matched");
    await expect.poll(() => page.locator(".message:visible").count()).toBe(matchedMessages);
    expect(matchedMessages).toBeLessThan(total);
    await page.close();
  });
});
