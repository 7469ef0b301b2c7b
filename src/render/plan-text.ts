import { escapeTerminalText as safe } from "../escape/terminal-text.js";
import { createColors } from "picocolors";
import type { Plan } from "../model/plan.js";
import {
  countUnchangedPhrases,
  describeCallCount,
  describeCapacity,
  describeChangeHeading,
  describeNoChanges,
  describeRecreateReason,
  describeSummary,
  describeUnmanagedMarker,
  listFieldLines,
  listOfflineScope,
  listPhraseLines,
  plural,
} from "./plan-format.js";

type Style = "green" | "red" | "yellow" | "cyan" | "bold" | "dim";
type Paint = (style: Style, text: string) => string;

/** The plan for a terminal: one block per change, `+`/`-` per phrase, capacity and a summary line. Pure. */
export function renderPlanText(plan: Plan, options: { color: boolean }): string {
  const colors = createColors(options.color);
  const paint: Paint = (style, text) => colors[style](text);
  const lines: string[] = [];
  const signOf = { create: "+", update: "~", rename: "~", recreate: "-/+", delete: "-" } as const;
  const styleOf = { create: "green", update: "yellow", rename: "yellow", recreate: "red", delete: "red" } as const;

  for (const change of plan.changes) {
    const where = change.source ? paint("dim", `  ${safe(change.source.file)}:${change.source.line}`) : "";
    lines.push(`${paint(styleOf[change.kind], `${signOf[change.kind]} ${describeChangeHeading(change)}`)}${where}`);
    if (change.kind === "recreate") lines.push(paint("yellow", `    ${safe(describeRecreateReason(change))}`));
    for (const { sign, phrase } of listPhraseLines(change)) {
      lines.push(paint(sign === "+" ? "green" : sign === "-" ? "red" : "yellow", `    ${sign} ${safe(phrase)}`));
    }
    const unchanged = countUnchangedPhrases(change);
    if (unchanged > 0) lines.push(paint("dim", `      (${plural(unchanged, "unchanged phrase")})`));
    for (const { sign, text } of listFieldLines(change)) lines.push(paint(sign === "+" ? "green" : "red", `    ${sign} ${safe(text)}`));
    lines.push("");
  }

  if (plan.unmanaged.length > 0) {
    // With prune and no prefix, only trackers tracker-sync may never change are left (e.g. Symbl-managed ones).
    const reason = !plan.options.prune
      ? "not in the repository, never touched; enable prune to delete them"
      : plan.options.ownershipPrefix !== undefined
        ? `outside the ownership prefix "${safe(plan.options.ownershipPrefix)}", never touched`
        : "never touched";
    lines.push(paint("cyan", `Unmanaged trackers (${reason}):`));
    for (const tracker of plan.unmanaged) lines.push(`    ${safe(tracker.name)} (${plural(tracker.phraseCount, "phrase")}, id ${safe(tracker.id)})${describeUnmanagedMarker(tracker)}`);
    lines.push("");
  }

  if (plan.unreadable && plan.unreadable.length > 0) {
    lines.push(paint("cyan", "Unreadable trackers (the API returned them incomplete; never touched):"));
    for (const tracker of plan.unreadable) lines.push(`    id ${safe(tracker.id)}${tracker.name !== undefined ? ` ("${safe(tracker.name)}")` : ""}: ${safe(tracker.problem)}`);
    lines.push("");
  }

  if (plan.matchImpact && plan.matchImpact.trackers.length > 0) {
    const impact = plan.matchImpact;
    lines.push(paint("cyan", `Match impact on ${plural(impact.conversations, "sample conversation")} (${plural(impact.messages, "message")}):`));
    for (const tracker of impact.trackers) {
      lines.push(`    ${safe(tracker.name)}: ${paint("green", `+${tracker.gained}`)} ${paint("red", `-${tracker.lost}`)} matches`);
      for (const example of tracker.examplesGained) lines.push(paint("green", `      + ${safe(example)}`));
      for (const example of tracker.examplesLost) lines.push(paint("red", `      - ${safe(example)}`));
    }
    lines.push("");
  }

  // Names come from the pull request: no control character may reach the terminal.
  const offlineScope = listOfflineScope(plan, safe);
  if (offlineScope.length > 0) {
    lines.push(paint("yellow", "Not visible offline (this plan did not read the account); on merge, apply also:"));
    for (const line of offlineScope) lines.push(paint("yellow", `    ! ${line}`));
    lines.push("");
  }

  lines.push(`Capacity: ${describeCapacity(plan).join(", ")}`);
  if (plan.environment !== undefined) lines.push(`Environment: ${safe(plan.environment)}`);
  if (plan.target) lines.push(`Target: ${safe(plan.target.apiUrl)}`);
  if (plan.operations.length > 0) lines.push(`Apply would send ${describeCallCount(plan)}.`);
  lines.push(paint("dim", `Fingerprint: ${plan.fingerprint}`));
  lines.push("");

  if (plan.violations.length > 0) {
    lines.push(paint("red", paint("bold", `Refused by ${plural(plan.violations.length, "safety guard")}; apply will not run:`)));
    for (const violation of plan.violations) lines.push(paint("red", `  [${violation.guard}] ${safe(violation.message)}`));
    lines.push("");
  }

  if (plan.changes.length === 0) {
    lines.push(paint("bold", describeNoChanges(plan)));
  } else {
    lines.push(paint("bold", `Plan: ${describeSummary(plan.summary)}.`));
  }
  return `${lines.join("\n")}\n`;
}
