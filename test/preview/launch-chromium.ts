import { existsSync } from "node:fs";
import { chromium, type Browser, type Locator } from "playwright-core";

/** Debian's chromium package; .ci/run installs it when missing. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Whether browser tests can run; on CI a missing browser is an error, locally the tests are skipped. */
export function isChromiumAvailable(): boolean {
  const available = existsSync(CHROMIUM_PATH);
  if (!available && process.env.CI) throw new Error(`${CHROMIUM_PATH} is missing; .ci/run installs Debian's chromium package before the tests.`);
  return available;
}

export const SKIP_REASON = `skipped: ${CHROMIUM_PATH} is not installed (apt-get install chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

type StyleReader = { getComputedStyle(element: unknown): Record<string, string> };

/** A computed CSS property of the first element a locator finds (the test tsconfig has no DOM types). */
export function readComputedStyle(locator: Locator, property: string): Promise<string> {
  return locator.first().evaluate((element, name) => (globalThis as unknown as StyleReader).getComputedStyle(element)[name] ?? "", property);
}
