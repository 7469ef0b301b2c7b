/**
 * `npx tsx bench/strip-html.ts`: how the server-message extraction scales on hostile HTML error pages.
 * The stripping it replaced was quadratic: a 280 KB page of unclosed `<` and `<script` took over a minute.
 * Prints the time ratio between a 10x larger and a base page, measured in this one run; linear work gives
 * about 10 (8 to 16 measured, cache effects), quadratic about 100.
 */
import { performance } from "node:perf_hooks";
import { extractServerMessage } from "../src/client/api-error.js";

function hostilePage(units: number): string {
  return `<html>${"<a".repeat(units)}${"<script>".repeat(units / 10)}<p>Bad gateway</p>`;
}

/** Best of 7 rounds of the time per call, each round `reps` calls (sub-millisecond calls need several). */
function measure(page: string, reps: number): number {
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const started = performance.now();
    for (let rep = 0; rep < reps; rep++) extractServerMessage(page);
    best = Math.min(best, (performance.now() - started) / reps);
  }
  return best;
}

// 100,000 units: 200 KB of `<a` and 80 KB of `<script>`, the 280 KB page from the report.
const small = hostilePage(10_000);
const large = hostilePage(100_000);
measure(small, 20);
const smallMs = measure(small, 20);
const largeMs = measure(large, 4);
console.log(`strip-html-280kb-ms: ${largeMs.toFixed(1)} (target <= 1000)`);
console.log(`strip-html-10x-ratio: ${(largeMs / Math.max(smallMs, 0.01)).toFixed(1)} (target <= 40)`);
