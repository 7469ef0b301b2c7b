import { countErrors, type Finding } from "../model/finding.js";
import type { Plan } from "../model/plan.js";
import { escapeCodeSpan, escapeMarkdownText } from "../escape/markdown-text.js";
import { renderFindingsMarkdown } from "../render/findings-markdown.js";
import { describeCapacity, describeSummary } from "../render/plan-format.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { describeValidation, listShownDeletes, type OfflineReason, type PlanCommentState } from "./plan-comment.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "./split-markdown.js";

/** One environment's section of the plan comment. */
export type EnvironmentSection = { environment: string; plan: Plan; settingsDigest: string; offlineReason?: OfflineReason } | { environment: string; notPlanned: string };

/**
 * What apply reads back for one environment, kept in a hidden line inside that environment's section: the
 * same fields as the single-account state (reviewed-plan.ts holds apply to them), plus the environment.
 */
export type EnvironmentSectionState = ({ environment: string; status: "planned" } & PlanCommentState) | { environment: string; status: "not-planned"; sha: string };

export interface EnvironmentReportInput {
  findings: readonly Finding[];
  fileCount: number;
  sections: readonly EnvironmentSection[];
  sha: string;
  runUrl?: string;
}

// Not the single-account state prefix: a comment of one kind can never be read as the other.
const SECTION_STATE_PREFIX = "<!-- tracker-sync:environment-state ";
/** Room kept for the heading, validation line, findings summary and footer. */
const FIXED_ROOM = 6_000;

/**
 * The pull-request comment (or job summary) when tracker-sync.yaml has environments: the validation result
 * once, a table of environments, then one section per environment in apply order, each with its own hidden
 * state (fingerprint, mode, commit) and fingerprint line. Each section gets an equal share of the size limit,
 * so a huge staging plan can never push production's state out of the comment.
 */
export function renderEnvironmentPlanReport(input: EnvironmentReportInput, options: { marker?: string; limit?: number } = {}): string {
  const limit = options.limit ?? GITHUB_BODY_LIMIT;
  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  head.push("## tracker-sync", "", describeValidation(input.findings, input.fileCount));
  if (input.sections.length > 0) {
    head.push("", "| Environment | Plan |", "| --- | --- |");
    for (const section of input.sections) head.push(`| \`${escapeCodeSpan(section.environment)}\` | ${describeSectionSummary(section)} |`);
  }
  const parts = [head.join("\n")];
  if (input.findings.length > 0) {
    const findings = `<details${countErrors(input.findings) > 0 ? " open" : ""}><summary>Findings (${input.findings.length})</summary>\n\n${renderFindingsMarkdown([...input.findings]).trimEnd()}\n\n</details>`;
    parts.push(findings.length <= FIXED_ROOM / 2 ? findings : `<b>Findings (${input.findings.length})</b>: each is annotated on its line in the Files tab, and listed in the job summary.`);
  }
  if (input.sections.length === 0) parts.push("**No plan:** fix the validation errors above; the plan runs once the definitions are valid.");
  const share = Math.max(2_048, Math.floor((limit - FIXED_ROOM) / Math.max(1, input.sections.length)));
  for (const [index, section] of input.sections.entries()) parts.push(renderSection(section, index, input, share));
  parts.push(`<sub>For commit ${shortSha(input.sha)}${input.runUrl ? ` · [workflow run and job summary](${input.runUrl})` : ""}.</sub>`);
  return parts.join("\n\n");
}

function renderSection(section: EnvironmentSection, index: number, input: EnvironmentReportInput, limit: number): string {
  const name = escapeCodeSpan(section.environment);
  const heading = `### Environment \`${name}\` (${index + 1} of ${input.sections.length})`;
  if ("notPlanned" in section) {
    const state: EnvironmentSectionState = { environment: section.environment, status: "not-planned", sha: input.sha };
    return [
      stateLine(state),
      heading,
      "",
      `⛔ **Not planned:** ${escapeMarkdownText(section.notPlanned)}`,
      "",
      'This is not "no changes": nothing was compared. Apply will not change this environment on merge until a plan for it has been reviewed.',
    ].join("\n");
  }
  const { plan } = section;
  const state: EnvironmentSectionState = {
    environment: section.environment,
    status: "planned",
    fingerprint: plan.fingerprint,
    desiredFingerprint: plan.desiredFingerprint,
    mode: plan.mode,
    sha: input.sha,
    ...(plan.target ? { apiUrl: plan.target.apiUrl } : {}),
    deletes: listShownDeletes(plan),
    settingsDigest: section.settingsDigest,
  };
  const note = section.offlineReason ? `\n\n${describeOfflineNote(section.environment, section.offlineReason)}` : "";
  const compact = [
    `**Plan summary:** ${describeSummary(plan.summary)}.`,
    `**Capacity:** ${describeCapacity(plan, escapeMarkdownText).join("; ")}.`,
    `<sub>Plan fingerprint for \`${name}\`: \`${plan.fingerprint}\`.</sub>`,
  ].join("\n\n");
  return fitMarkdown({
    head: `${stateLine(state)}\n${heading}${note}`,
    body: renderPlanMarkdown(plan, { title: plan.mode === "offline" ? `Plan for ${section.environment} (base branch → this branch)` : `Plan for ${section.environment}` }).trimEnd(),
    tail: "",
    truncatedTail: compact,
    limit,
    truncationNote: (shown, total) =>
      `> [!NOTE]\n> This environment's plan is too long for its share of the comment: ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters shown. ${input.runUrl ? `[The full plan is in the job summary](${input.runUrl}).` : "The full plan is in the job summary."}`,
  }).text;
}

/** Reads every environment's hidden state from a plan comment; damaged or incomplete lines are skipped. */
export function readEnvironmentSectionStates(body: string): Map<string, EnvironmentSectionState> {
  const states = new Map<string, EnvironmentSectionState>();
  for (const line of body.split("\n")) {
    if (!line.startsWith(SECTION_STATE_PREFIX) || !line.endsWith(" -->")) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line.slice(SECTION_STATE_PREFIX.length, -" -->".length)) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (!value || typeof value !== "object" || !isText(value.environment) || states.has(value.environment) || !isText(value.sha)) continue;
    if (value.status === "not-planned") {
      states.set(value.environment, { environment: value.environment, status: "not-planned", sha: value.sha });
      continue;
    }
    if (value.status !== "planned" || !isText(value.fingerprint) || !isText(value.desiredFingerprint) || !isText(value.settingsDigest)) continue;
    if (value.mode !== "live" && value.mode !== "offline") continue;
    if (!Array.isArray(value.deletes) || !value.deletes.every(isText)) continue;
    if (value.apiUrl !== undefined && !isText(value.apiUrl)) continue;
    states.set(value.environment, {
      environment: value.environment,
      status: "planned",
      fingerprint: value.fingerprint,
      desiredFingerprint: value.desiredFingerprint,
      mode: value.mode,
      sha: value.sha,
      ...(value.apiUrl !== undefined ? { apiUrl: value.apiUrl } : {}),
      deletes: [...value.deletes],
      settingsDigest: value.settingsDigest,
    });
  }
  return states;
}

function isText(value: unknown): value is string {
  return typeof value === "string";
}

function stateLine(state: EnvironmentSectionState): string {
  // Tracker names (deletes) are pull-request text: encoded so none can end the HTML comment early.
  return `${SECTION_STATE_PREFIX}${JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/--/g, "-\\u002d")} -->`;
}

function describeSectionSummary(section: EnvironmentSection): string {
  if ("notPlanned" in section) return "⛔ not planned (see below)";
  const mode = section.plan.mode === "offline" ? " (offline: base branch → this branch)" : "";
  const guard = section.plan.violations.length > 0 ? " · ⚠️ breaks a safety guard" : "";
  return `${escapeMarkdownText(describeSummary(section.plan.summary))}${mode}${guard}`;
}

function describeOfflineNote(environment: string, reason: OfflineReason): string {
  const why =
    reason === "fork" ? "This pull request comes from a fork, so it gets no Symbl credentials." : `No credentials for environment \`${escapeCodeSpan(environment)}\` were given to this workflow run.`;
  return `> [!NOTE]\n> ${why} The plan below compares this branch's definitions with the base branch's for this environment, without contacting Symbl. The live plan runs when the change is merged.`;
}

function shortSha(sha: string): string {
  return sha === "" ? "(unknown)" : `\`${sha.slice(0, 7)}\``;
}
