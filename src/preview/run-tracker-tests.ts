import { compileTrackers } from "../match/compile-trackers.js";
import { matchText } from "../match/detect-trackers.js";
import type { SourceLocation, TrackerDefinition } from "../model/tracker.js";
import { escapeTerminalText as safe } from "../escape/terminal-text.js";

export const TEST_REPORT_FORMAT_VERSION = 1;

export interface TrackerTestResult {
  tracker: string;
  kind: "shouldMatch" | "shouldNotMatch";
  example: string;
  passed: boolean;
  /** Phrases of the tracker that matched the example (empty when none did). */
  matched: Array<{ value: string; exact: boolean }>;
  location?: SourceLocation;
}

export interface TrackerTestReport {
  formatVersion: typeof TEST_REPORT_FORMAT_VERSION;
  trackers: number;
  examples: number;
  passed: number;
  failed: number;
  results: TrackerTestResult[];
}

/**
 * Runs every `tests.shouldMatch` / `tests.shouldNotMatch` example with the local matcher: a
 * shouldMatch example must be matched by at least one phrase of its tracker, a shouldNotMatch one by
 * none. Retired trackers are skipped. Each example is a single message.
 */
export function runTrackerTests(definitions: readonly TrackerDefinition[]): TrackerTestReport {
  const tested = definitions.filter((definition) => !definition.retired && definition.tests);
  const results: TrackerTestResult[] = [];
  for (const definition of tested) {
    // One tracker per compilation: a phrase shared with another tracker must not count for this one.
    const compiled = compileTrackers([{ id: "0", name: definition.name, vocabulary: definition.vocabulary }]);
    const run = (kind: TrackerTestResult["kind"], examples: readonly string[], locations: readonly SourceLocation[] | undefined) => {
      examples.forEach((example, index) => {
        const { spans } = matchText(compiled, example);
        const matched = [...new Map(spans.map((span) => [`${span.value}\u0000${span.exact}`, { value: span.value, exact: span.exact }])).values()];
        const passed = kind === "shouldMatch" ? matched.length > 0 : matched.length === 0;
        const result: TrackerTestResult = { tracker: definition.name, kind, example, passed, matched };
        const location = locations?.[index];
        if (location) result.location = location;
        results.push(result);
      });
    };
    run("shouldMatch", definition.tests?.shouldMatch ?? [], definition.source.tests?.shouldMatch);
    run("shouldNotMatch", definition.tests?.shouldNotMatch ?? [], definition.source.tests?.shouldNotMatch);
  }
  const failed = results.filter((result) => !result.passed).length;
  return { formatVersion: TEST_REPORT_FORMAT_VERSION, trackers: tested.length, examples: results.length, passed: results.length - failed, failed, results };
}

function describeMatches(matched: TrackerTestResult["matched"]): string {
  return matched.map((match) => `"${match.value}"${match.exact ? "" : " (word forms)"}`).join(", ");
}

/** Compiler-style failure lines at each example's file:line:col, then a summary line. */
export function renderTrackerTestsText(report: TrackerTestReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    if (result.passed) continue;
    const where = result.location ? `${safe(result.location.file)}:${result.location.line}:${result.location.column}: ` : "";
    lines.push(
      result.kind === "shouldMatch"
        ? `${where}"${safe(result.tracker)}" should match "${safe(result.example)}", but none of its phrases did.`
        : `${where}"${safe(result.tracker)}" should not match "${safe(result.example)}", but it matched ${safe(describeMatches(result.matched))}.`,
    );
  }
  if (lines.length > 0) lines.push("");
  if (report.examples === 0) {
    lines.push("No tracker has tests. Add tests.shouldMatch / tests.shouldNotMatch examples to a tracker file.");
  } else {
    const outcome = report.failed === 0 ? "all passed" : `${report.passed} passed, ${report.failed} failed`;
    lines.push(`${report.examples} example${report.examples === 1 ? "" : "s"} in ${report.trackers} tracker${report.trackers === 1 ? "" : "s"}: ${outcome}.`);
  }
  return `${lines.join("\n")}\n`;
}
