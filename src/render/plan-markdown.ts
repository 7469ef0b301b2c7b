import type { Change, Plan } from "../model/plan.js";
import { escapeCodeSpan, escapeFencedLine, escapeMarkdownText } from "../escape/markdown-text.js";
import {
  countUnchangedPhrases,
  describeCallCount,
  describeNoChanges,
  describeRecreateReason,
  describeSummary,
  describeUnmanagedMarker,
  formatBytes,
  listFieldLines,
  listOfflineScope,
  listPhraseLines,
  plural,
} from "./plan-format.js";

/**
 * The plan as Markdown for a pull-request comment or job summary: summary table, one collapsible diff per
 * tracker, unmanaged trackers, capacity and fingerprint. Pure; the caller adds any comment marker.
 */
export function renderPlanMarkdown(plan: Plan, options: { title?: string; detailsOpen?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`### ${escapeMarkdown(options.title ?? "tracker-sync plan")}`, "");

  if (plan.violations.length > 0) {
    out.push(`> [!CAUTION]`, `> **Refused by ${plural(plan.violations.length, "safety guard")}; apply will not run.**`);
    for (const violation of plan.violations) out.push(`> - \`${violation.guard}\`: ${escapeMarkdown(violation.message)}`);
    out.push("");
  }

  if (plan.changes.length === 0) {
    const [first, ...rest] = describeNoChanges(plan).split(". ");
    out.push(`**${escapeMarkdown(first ?? "")}.** ${escapeMarkdown(rest.join(". "))}`, "");
  } else {
    out.push(`**Plan:** ${describeSummary(plan.summary)}.`, "");
    out.push("| Change | Trackers |", "| --- | ---: |");
    out.push(`| Create | ${plan.summary.create} |`);
    out.push(`| Update | ${plan.summary.update} |`);
    out.push(`| Rename | ${plan.summary.rename} |`);
    if (plan.summary.recreate > 0) out.push(`| Recreate (new id) | ${plan.summary.recreate} |`);
    out.push(`| Delete | ${plan.summary.delete} |`);
    out.push(`| Unchanged | ${plan.summary.unchanged} |`);
    out.push(`| Unmanaged | ${plan.summary.unmanaged} |`, "");
    const recreates = plan.changes.filter((change) => change.kind === "recreate");
    if (recreates.length > 0) {
      out.push(
        "> [!IMPORTANT]",
        `> **${plural(recreates.length, "tracker")} will get a new id.** The account appends on PUT (\`putBehavior: append\`), so removing phrases deletes and recreates the tracker:`,
      );
      for (const change of recreates) out.push(`> - ${escapeMarkdown(change.name)}: old id \`${escapeCode(change.id)}\` (${plural(change.removed.length, "phrase")} removed)`);
      out.push("> ", "> Update Async API calls that pass `trackers: [{id}]` with the new ids listed in the apply result.", "");
    }
    for (const change of plan.changes) out.push(...renderChange(change, options.detailsOpen ?? false));
  }

  const offlineScope = listOfflineScope(plan, (text) => oneLine(escapeMarkdown(text)));
  if (offlineScope.length > 0) {
    out.push("> [!WARNING]", "> **Not visible offline:** this plan did not read the account. On merge, apply also:");
    for (const line of offlineScope) out.push(`> - ${line}`);
    out.push("");
  }

  if (plan.unmanaged.length > 0) {
    // With prune and no prefix, only trackers tracker-sync may never change are left (e.g. Symbl-managed ones).
    const reason = !plan.options.prune
      ? "not in the repository; never touched (enable `prune` to delete them)"
      : plan.options.ownershipPrefix !== undefined
        ? `outside the ownership prefix \`${escapeCode(plan.options.ownershipPrefix)}\`; never touched`
        : "never touched";
    out.push(`<details><summary>Unmanaged trackers: ${plan.unmanaged.length} (${reason})</summary>`, "");
    for (const tracker of plan.unmanaged) out.push(`- ${escapeMarkdown(tracker.name)} (${plural(tracker.phraseCount, "phrase")}, id \`${escapeCode(tracker.id)}\`)${describeUnmanagedMarker(tracker)}`);
    out.push("", "</details>", "");
  }

  if (plan.unreadable && plan.unreadable.length > 0) {
    out.push(`<details><summary>Unreadable trackers: ${plan.unreadable.length} (the API returned them incomplete; never touched)</summary>`, "");
    for (const tracker of plan.unreadable) {
      out.push(`- id \`${escapeCode(tracker.id)}\`${tracker.name !== undefined ? ` (${escapeMarkdown(tracker.name)})` : ""}: ${escapeMarkdown(tracker.problem)}`);
    }
    out.push("", "</details>", "");
  }

  if (plan.matchImpact && plan.matchImpact.trackers.length > 0) {
    const impact = plan.matchImpact;
    out.push(`#### Match impact`, "", `On ${plural(impact.conversations, "sample conversation")} (${plural(impact.messages, "message")}):`, "");
    out.push("| Tracker | Matches gained | Matches lost |", "| --- | ---: | ---: |");
    for (const tracker of impact.trackers) out.push(`| ${escapeTable(tracker.name)} | +${tracker.gained} | -${tracker.lost} |`);
    out.push("");
    const withExamples = impact.trackers.filter((tracker) => tracker.examplesGained.length + tracker.examplesLost.length > 0);
    for (const tracker of withExamples) {
      out.push(`<details><summary>Examples for ${escapeHtml(tracker.name)}</summary>`, "", "```diff");
      for (const example of tracker.examplesGained) out.push(`+ ${oneLine(example)}`);
      for (const example of tracker.examplesLost) out.push(`- ${oneLine(example)}`);
      out.push("```", "", "</details>", "");
    }
  }

  const { capacity } = plan;
  out.push("#### Capacity", "", "| | After apply | Limit |", "| --- | ---: | ---: |");
  out.push(`| Trackers in the account | ${capacity.trackersAfter} | ${capacity.maxTrackers} |`);
  if (capacity.peakTrackers > capacity.trackersAfter) out.push(`| Trackers at the peak of apply | ${capacity.peakTrackers} | ${capacity.maxTrackers} |`);
  out.push(`| Largest tracker | ${capacity.largestTracker ? `${capacity.largestTracker.phrases} phrases (${escapeTable(capacity.largestTracker.name)})` : "none"} | ${capacity.maxPhrases} phrases |`);
  out.push(`| Largest request | ${formatBytes(capacity.largestRequestBytes)} | ${formatBytes(capacity.maxRequestBytes)} |`, "");
  if (plan.operations.length > 0) out.push(`Apply would send ${describeCallCount(plan)}.`, "");
  const modeNote =
    plan.mode === "offline" ? " Offline plan: compared with the base branch's definitions, not the live account." : plan.target ? ` Planned against \`${escapeCode(plan.target.apiUrl)}\`.` : "";
  out.push(`<sub>Plan fingerprint \`${plan.fingerprint}\`.${modeNote}</sub>`);
  return `${out.join("\n")}\n`;
}

function renderChange(change: Change, open: boolean): string[] {
  const title =
    change.kind === "create"
      ? `Create <b>${escapeHtml(change.name)}</b> (${plural(change.vocabulary.length, "phrase")})`
      : change.kind === "update"
        ? `Update <b>${escapeHtml(change.name)}</b> (+${change.added.length} −${change.removed.length})`
        : change.kind === "rename"
          ? `Rename <b>${escapeHtml(change.from)}</b> → <b>${escapeHtml(change.name)}</b> (+${change.added.length} −${change.removed.length})`
          : change.kind === "recreate"
            ? `Recreate ${change.from !== undefined ? `<b>${escapeHtml(change.from)}</b> → ` : ""}<b>${escapeHtml(change.name)}</b> (new id, replaces <code>${escapeHtml(change.id)}</code>; +${change.added.length} −${change.removed.length})`
            : `Delete <b>${escapeHtml(change.name)}</b> (${change.reason === "retired" ? "retired in the repository" : "pruned"})`;
  const where = change.source ? ` <code>${escapeHtml(change.source.file)}:${change.source.line}</code>` : "";
  const lines = [`<details${open ? " open" : ""}><summary>${title}${where}</summary>`, ""];
  if (change.kind === "recreate") lines.push(escapeMarkdown(describeRecreateReason(change)), "");
  lines.push("```diff");
  // In a diff block `!` marks a changed line (highlighted like + and -).
  for (const { sign, phrase } of listPhraseLines(change)) lines.push(`${sign === "~" ? "!" : sign} ${oneLine(phrase)}`);
  const unchanged = countUnchangedPhrases(change);
  if (unchanged > 0) lines.push(`  (${plural(unchanged, "unchanged phrase")})`);
  for (const { sign, text } of listFieldLines(change)) lines.push(`${sign} ${oneLine(text)}`);
  lines.push("```", "", "</details>", "");
  return lines;
}

const escapeHtml = escapeMarkdownText;
const escapeMarkdown = escapeMarkdownText;
const escapeTable = escapeMarkdownText;
const escapeCode = escapeCodeSpan;
const oneLine = escapeFencedLine;
