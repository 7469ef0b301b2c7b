import { countErrors, type Finding } from "../model/finding.js";
import type { Plan } from "../model/plan.js";
import { sortedUnique } from "../plan/fingerprint.js";
import { escapeMarkdownText } from "../escape/markdown-text.js";
import { describeCapacity, describeSummary, plural } from "../render/plan-format.js";
import { renderFindingsMarkdown } from "../render/findings-markdown.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "./split-markdown.js";

/** Why the plan did not use the live account. */
export type OfflineReason = "fork" | "no-credentials";

/**
 * What apply holds the live plan to; stored in a hidden line, never parsed from the text. Apply reads it
 * only from a comment the Action itself wrote (see reviewed-plan.ts).
 */
export interface PlanCommentState {
  fingerprint: string;
  /** Definitions plus prune, ownership and guard settings: equal means apply uses exactly what was reviewed. */
  desiredFingerprint: string;
  mode: "live" | "offline";
  /** The pull request head commit the plan was made for. */
  sha: string;
  /** Live plans: the API the plan read. */
  apiUrl?: string;
  /** Every tracker name the reviewed plan showed as deleted, or (offline) as deleted if it exists. Sorted. */
  deletes: string[];
  /** Digest of prune, ownership, guards and paths as the plan used them (guarded-settings.ts). */
  settingsDigest: string;
}

export interface PlanReportInput {
  findings: readonly Finding[];
  fileCount: number;
  plan?: Plan;
  /** digestGuardedSettings of the settings the plan was made with; recorded with the plan. */
  settingsDigest?: string;
  offlineReason?: OfflineReason;
  sha: string;
  runUrl?: string;
}

const STATE_PREFIX = "<!-- tracker-sync:state ";

/**
 * The pull-request comment (or job summary) for a plan run: validation result, the phrase-level plan with
 * capacity and fingerprint, and the offline note. The plan is cut cleanly when the comment would exceed
 * GitHub's limit; then a compact summary, the capacity line and the fingerprint are kept below the cut.
 */
export function renderPlanReport(input: PlanReportInput, options: { marker?: string; limit?: number } = {}): string {
  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  if (input.plan && input.settingsDigest !== undefined) {
    const state: PlanCommentState = {
      fingerprint: input.plan.fingerprint,
      desiredFingerprint: input.plan.desiredFingerprint,
      mode: input.plan.mode,
      sha: input.sha,
      ...(input.plan.target ? { apiUrl: input.plan.target.apiUrl } : {}),
      deletes: listShownDeletes(input.plan),
      settingsDigest: input.settingsDigest,
    };
    // JSON.stringify escapes "<", so a tracker name cannot end the HTML comment early.
    head.push(`${STATE_PREFIX}${JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")} -->`);
  }
  head.push("## tracker-sync", "", describeValidation(input.findings, input.fileCount));
  const note = describeOfflineNote(input.offlineReason);
  if (note) head.push("", note);

  const body: string[] = [];
  if (input.findings.length > 0) {
    body.push(`<details${countErrors(input.findings) > 0 ? " open" : ""}><summary>Findings (${input.findings.length})</summary>`, "");
    body.push(renderFindingsMarkdown([...input.findings]).trimEnd(), "", "</details>", "");
  }
  if (input.plan) body.push(renderPlanMarkdown(input.plan, { title: input.plan.mode === "offline" ? "Plan (base branch → this branch)" : "Plan" }).trimEnd());
  else body.push("**No plan:** fix the validation errors above; the plan runs once the definitions are valid.");

  const footer = `<sub>For commit ${shortSha(input.sha)}${input.runUrl ? ` · [workflow run and job summary](${input.runUrl})` : ""}.</sub>`;
  const { text } = fitMarkdown({
    head: head.join("\n"),
    body: body.join("\n"),
    tail: footer,
    truncatedTail: input.plan ? [...describeCompactPlan(input.plan), footer].join("\n\n") : footer,
    limit: options.limit ?? GITHUB_BODY_LIMIT,
    truncationNote: (shown, total) =>
      `> [!NOTE]\n> The plan is too long for one comment: ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters shown. ${
        input.runUrl ? `[The full plan is in the job summary](${input.runUrl}).` : "The full plan is in the job summary."
      }`,
  });
  return text;
}

/** The comment for a push whose plan could not be computed (Symbl unreachable, bad credentials, ...). */
export function renderPlanFailure(input: { message: string; sha: string; runUrl?: string }, marker: string): string {
  return [
    marker,
    "## tracker-sync",
    "",
    `❌ **The plan for this push failed:** ${escapeMarkdownText(input.message)}`,
    "",
    "No plan is shown, so nothing from an earlier push can be mistaken for this one. Re-run the job once the cause is fixed.",
    "",
    `<sub>For commit ${shortSha(input.sha)}${input.runUrl ? ` · [workflow run](${input.runUrl})` : ""}.</sub>`,
  ].join("\n");
}

/** Reads the hidden state line of a plan comment, or undefined when there is none, it is damaged or incomplete. */
export function readPlanCommentState(body: string): PlanCommentState | undefined {
  const line = body.split("\n").find((candidate) => candidate.startsWith(STATE_PREFIX) && candidate.endsWith(" -->"));
  if (!line) return undefined;
  let value: Partial<PlanCommentState>;
  try {
    value = JSON.parse(line.slice(STATE_PREFIX.length, -" -->".length)) as Partial<PlanCommentState>;
  } catch {
    return undefined;
  }
  const isText = (field: unknown): field is string => typeof field === "string";
  if (!value || typeof value !== "object") return undefined;
  if (!isText(value.fingerprint) || !isText(value.desiredFingerprint) || !isText(value.sha) || !isText(value.settingsDigest)) return undefined;
  if (value.mode !== "live" && value.mode !== "offline") return undefined;
  if (!Array.isArray(value.deletes) || !value.deletes.every(isText)) return undefined;
  if (value.apiUrl !== undefined && !isText(value.apiUrl)) return undefined;
  return {
    fingerprint: value.fingerprint,
    desiredFingerprint: value.desiredFingerprint,
    mode: value.mode,
    sha: value.sha,
    ...(value.apiUrl !== undefined ? { apiUrl: value.apiUrl } : {}),
    deletes: [...value.deletes],
    settingsDigest: value.settingsDigest,
  };
}

/** The names a reader of the plan was shown as deleted: delete changes, and offline every tombstone. */
export function listShownDeletes(plan: Plan): string[] {
  const names = plan.changes.filter((change) => change.kind === "delete").map((change) => change.name);
  return sortedUnique([...names, ...(plan.offlineScope?.retiredNames ?? [])]);
}

/** One line: passed, passed with warnings, or failed, with counts. */
export function describeValidation(findings: readonly Finding[], fileCount: number): string {
  const errors = countErrors(findings);
  const warnings = findings.length - errors;
  const files = plural(fileCount, "definition file");
  if (errors > 0) return `❌ **Validation failed:** ${plural(errors, "error")} and ${plural(warnings, "warning")} in ${files}; each is annotated on its line in the Files tab.`;
  if (warnings > 0) return `⚠️ **Validation passed with ${plural(warnings, "warning")}** in ${files}.`;
  return `✅ **Validation passed:** ${files}, no findings.`;
}

function describeOfflineNote(reason: OfflineReason | undefined): string | undefined {
  if (!reason) return undefined;
  const why = reason === "fork" ? "This pull request comes from a fork, so it gets no Symbl credentials." : "No Symbl credentials were given to this workflow run.";
  return `> [!NOTE]\n> ${why} The plan below compares this branch's definitions with the base branch's, phrase by phrase, without contacting Symbl. The live plan runs when the change is merged, and refuses any delete or setting change this plan does not show.`;
}

function describeCompactPlan(plan: Plan): string[] {
  return [`**Plan summary:** ${describeSummary(plan.summary)}.`, `**Capacity:** ${describeCapacity(plan, escapeMarkdownText).join("; ")}.`, `<sub>Plan fingerprint \`${plan.fingerprint}\`.</sub>`];
}

function shortSha(sha: string): string {
  return sha === "" ? "(unknown)" : `\`${sha.slice(0, 7)}\``;
}
