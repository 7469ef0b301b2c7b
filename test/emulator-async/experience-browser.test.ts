import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { loadConversations } from "../../src/preview/load-conversations.js";
import { isChromiumAvailable, launchChromium, readComputedStyle, SKIP_REASON } from "../preview/launch-chromium.js";

const available = isChromiumAvailable();

describe.skipIf(!available)(`Experience API page in headless Chromium${available ? "" : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let emulator: RunningEmulator;
  let clock = Date.parse("2026-03-01T10:00:00Z");

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      now: () => clock,
      initialTrackers: [
        { name: "Promotion Mention", vocabulary: ["run sale", "half price"] },
        { name: "Churn", vocabulary: ["cancel my subscription", "cancel"] },
      ],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it("serves a styled, read-only Trackers & Analytics page whose filter works", async () => {
    const api = async (method: string, route: string, body: unknown, token?: string) => {
      const response = await fetch(`${emulator.url}${route}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, string>;
    };
    const { accessToken } = await api("POST", "/oauth2/token:generate", { type: "application", appId: DEFAULT_EMULATOR_APP_ID, appSecret: DEFAULT_EMULATOR_APP_SECRET });
    const [conversation] = (await loadConversations(path.resolve("conversations"))).filter((candidate) => candidate.id === "02-cancel-subscription");
    const { conversationId } = await api("POST", "/v1/process/text", { name: conversation!.name, messages: conversation!.messages, enableAllTrackers: true }, accessToken);
    clock += 10_000;
    const { url } = await api(
      "POST",
      `/v1/conversations/${conversationId}/experiences`,
      { name: "audio-summary", audioUrl: "https://example.com/call.mp3", color: { background: "#202830", insightsFilter: "#ff8800" }, font: { family: "Open Sans" }, readOnly: true },
      accessToken,
    );

    const page = await browser.newPage();
    await page.goto(url!);
    expect(await page.title()).toBe("Trackers & Analytics: Cancel subscription");
    expect(await readComputedStyle(page.locator("body"), "backgroundColor")).toBe("rgb(32, 40, 48)");
    expect(await readComputedStyle(page.locator("body"), "fontFamily")).toMatch(/^"?Open Sans"?/);
    expect(await page.locator("[contenteditable]").count()).toBe(0);
    expect(await page.locator(".badge").innerText()).toBe("Read-only");
    expect(await readComputedStyle(page.locator("mark.match:not(.word-forms)"), "backgroundColor")).toBe("rgb(255, 136, 0)");
    expect(await page.locator(".tracker-button").allInnerTexts()).toEqual([expect.stringMatching(/^Churn \d+ match/), expect.stringMatching(/^Promotion Mention \d+ match/)]);

    const total = await page.locator(".message").count();
    await page.selectOption("#tracker-filter", { index: 2 });
    const promotionMessages = await page.locator(".message:visible").count();
    expect(promotionMessages).toBeGreaterThan(0);
    expect(promotionMessages).toBeLessThan(total);
    expect(await page.locator(".message:visible .text").allInnerTexts()).toContainEqual(expect.stringMatching(/running a sale/));
    await mkdir("test-artifacts", { recursive: true });
    await page.screenshot({ path: path.join("test-artifacts", "experience-audio-summary.png") });
    await page.close();
  });
});
