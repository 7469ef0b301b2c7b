import { RefusedError, UserError } from "../../errors.js";
import { loadProject } from "../../load/load-project.js";
import { countOutcomes, hasChanges, type ApplyResult, type Plan } from "../../model/plan.js";
import { applyPlanUnderLock } from "../../pipeline/apply-project.js";
import { planLoadedProject } from "../../pipeline/plan-project.js";
import { applyApiGeneration } from "../../pipeline/scope-environment.js";
import { renderApplyResultMarkdown } from "../../render/apply-markdown.js";
import { renderApplyResultText } from "../../render/apply-text.js";
import { renderPlanText } from "../../render/plan-text.js";
import { logUntrusted } from "../log-untrusted.js";
import { escapeCodeSpan, escapeMarkdownText } from "../../escape/markdown-text.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { annotateFindings, describeValidationFailure, guardedOverrides, isPermissionError, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { checkGenericCredentialInputs } from "../environment-origins.js";
import { prepareActionEnvironments } from "../prepare-environments.js";
import { readEnvironmentSectionStates, type EnvironmentSectionState } from "../environment-plan-comment.js";
import { findAssociatedPullRequest, type AssociatedPullRequest } from "../find-associated-pull-request.js";
import { resolveActionIdentity, type ActionIdentity } from "../action-identity.js";
import { decideReviewedPlanRefusal, describeGuardRefusal, findActionPlanComment, holdToMergedCommit, type ReviewedPlan } from "../reviewed-plan.js";
import { digestGuardedSettings, pickGuardedSettings } from "../../plan/guarded-settings.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "../split-markdown.js";
import { upsertStickyComment } from "../sticky-comment.js";

/** The apply comment of one environment; each environment's job keeps its own. */
export function environmentApplyMarker(environment: string): string {
  return `<!-- tracker-sync:apply:${environment} -->`;
}

type EnvironmentApply =
  | { environment: string; status: "applied" | "no-changes"; plan: Plan; result: ApplyResult }
  | { environment: string; status: "refused"; reason: string; plan?: Plan }
  | { environment: string; status: "error"; reason: string }
  | { environment: string; status: "failed"; plan: Plan; result: ApplyResult }
  | { environment: string; status: "skipped"; reason: string };

/**
 * apply with `environments:`: the selected environments in the configured order (one per job with
 * `environment: NAME`, so a GitHub environment can require approval for production, or all in one job).
 * Each is re-planned against its own account and held to the plan reviewed for it on the pull request;
 * the first refusal or failure stops the environments after it.
 */
export async function runApplyEnvironments(context: CommandContext): Promise<CommandOutcome> {
  const { inputs, github, io } = context;
  checkGenericCredentialInputs(inputs);
  const load = applyApiGeneration(await loadProject(projectOptions(inputs, github)), inputs.apiGeneration);
  annotateFindings(context, load.findings);
  if (load.errorCount > 0) return { failure: describeValidationFailure(load.errorCount) };
  const prepared = prepareActionEnvironments(load, context);

  // Not quiet on errors: without this lookup the reviewed-plan check would be skipped silently.
  const pull = github.eventName === "push" ? await findAssociatedPullRequest(context.octokit(), github, github.sha) : undefined;
  const pullNumber = pull?.number;
  const identity = pull ? await resolveActionIdentity(context.octokit()) : undefined;
  const reviewed = pull && identity ? await readReviewedComment(context, pull, identity) : undefined;

  const applies: EnvironmentApply[] = [];
  let stopped: string | undefined;
  for (const { scoped, symbl } of prepared) {
    const environment = scoped.config.environment!.name;
    if (stopped) {
      applies.push({ environment, status: "skipped", reason: `not applied because environment '${stopped}' before it did not finish cleanly` });
      continue;
    }
    if (symbl.missing) {
      applies.push({ environment, status: "error", reason: `apply needs credentials: ${symbl.missing}` });
      stopped = environment;
      continue;
    }
    io.info(`Applying environment '${environment}' against ${symbl.origin}.`);
    // Everything that can fail for this environment is inside: a later environment's error must not lose
    // the report of the ones already applied.
    let plan: Plan | undefined;
    try {
      const api = context.createApiWithEnv!(symbl.env, scoped.config.api?.generation);
      plan = await planLoadedProject(scoped, api, { cwd: github.workspace, ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}) });
      const settingsDigest = digestGuardedSettings(pickGuardedSettings(scoped.config, guardedOverrides(inputs)));
      const refusal = hasChanges(plan)
        ? ((pull && reviewed ? decideReviewedPlanRefusal(plan, reviewedFor(reviewed, environment, pull), pull, settingsDigest) : undefined) ?? describeGuardRefusal(plan, environment))
        : undefined;
      if (refusal) {
        applies.push({ environment, status: "refused", reason: refusal, plan });
        stopped = environment;
        continue;
      }
      const result = await applyPlanUnderLock(plan, api, {
        lockHolder: `github ${github.owner}/${github.repo} commit ${github.sha.slice(0, 7)} environment ${environment}`,
        onWarning: (message) => io.warning(io.redact(message)),
      });
      const failed = countOutcomes(result, "failed") > 0 || !result.verified;
      applies.push({ environment, status: failed ? "failed" : hasChanges(plan) ? "applied" : "no-changes", plan, result });
      if (failed) stopped = environment;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // Refused (exit 3): the lock is held, or the account moved since the plan; any other error is exit 1.
      const reason = io.redact(error.message);
      applies.push(error instanceof RefusedError ? { environment, status: "refused", reason, ...(plan ? { plan } : {}) } : { environment, status: "error", reason });
      stopped = environment;
    }
  }

  for (const entry of applies) {
    const lines = [`Environment ${entry.environment}: ${entry.status}`];
    if ("plan" in entry && entry.plan) lines.push(renderPlanText(entry.plan, { color: false }));
    if ("reason" in entry) lines.push(entry.reason);
    if ("result" in entry) lines.push(renderApplyResultText(entry.result, { color: false }));
    logUntrusted(io, lines.join("\n"));
  }
  const results = applies.flatMap((entry) => ("result" in entry ? [entry.result] : []));
  io.setOutput("applied", String(results.reduce((sum, result) => sum + countOutcomes(result, "applied"), 0)));
  io.setOutput("failed", String(results.reduce((sum, result) => sum + countOutcomes(result, "failed"), 0)));
  // Recreates under putBehavior append give new ids; Async API callers need every environment's.
  io.setOutput("id-changes", JSON.stringify(applies.flatMap((entry) => ("result" in entry ? entry.result.idChanges.map((change) => ({ environment: entry.environment, ...change })) : []))));

  const runLink = github.runUrl ? `<sub>[Workflow run and job summary](${github.runUrl}).</sub>` : "";
  const sections = applies.map((entry) => renderApplySection(entry));
  await io.writeSummary(fitMarkdown({ head: "## tracker-sync apply", body: sections.join("\n\n"), tail: runLink, limit: JOB_SUMMARY_LIMIT, truncationNote: cutNote }).text);
  if (pullNumber !== undefined && inputs.comment) {
    for (const [index, entry] of applies.entries()) {
      if (entry.status === "no-changes") continue;
      const marker = environmentApplyMarker(entry.environment);
      const body = fitMarkdown({ head: `${marker}\n## tracker-sync apply`, body: sections[index]!, tail: runLink, limit: GITHUB_BODY_LIMIT, truncationNote: cutNote }).text;
      await postQuietly(context, async () => {
        const comment = await upsertStickyComment(context.octokit(), { ...github, issueNumber: pullNumber }, marker, io.redact(body), identity ?? (await resolveActionIdentity(context.octokit())));
        io.info(`Apply result for '${entry.environment}' posted on pull request #${pullNumber}: ${comment.url}`);
      });
    }
  }

  const problems = applies.filter((entry) => entry.status === "refused" || entry.status === "failed" || entry.status === "skipped" || entry.status === "error");
  if (problems.length === 0) return {};
  const failure = problems.map((entry) => `Environment '${entry.environment}': ${describeProblem(entry)}`).join("\n");
  // 3, as in the CLI, when a safety check refused and nothing failed half-way.
  return applies.some((entry) => entry.status === "failed" || entry.status === "error") || !applies.some((entry) => entry.status === "refused") ? { failure } : { failure, exitCode: 3 };
}

/** The Action's own plan comment on the merged pull request, with every environment's section state. */
type ReviewedComment = { kind: "none" } | { kind: "found"; url: string; states: Map<string, EnvironmentSectionState> };

async function readReviewedComment(context: CommandContext, pull: AssociatedPullRequest, identity: ActionIdentity): Promise<ReviewedComment> {
  const ours = await findActionPlanComment(context.octokit(), context.github, pull, identity, context.io);
  return ours ? { kind: "found", url: ours.url, states: readEnvironmentSectionStates(ours.body) } : { kind: "none" };
}

/** One environment's reviewed plan, in the terms of reviewed-plan.ts: no section or "not planned" means no plan to check. */
function reviewedFor(comment: ReviewedComment, environment: string, pull: AssociatedPullRequest): ReviewedPlan {
  if (comment.kind === "none") return { kind: "none" };
  const state = comment.states.get(environment);
  if (!state || state.status === "not-planned") return { kind: "no-plan", url: comment.url };
  const { environment: _environment, status: _status, ...planState } = state;
  return holdToMergedCommit(comment.url, planState, pull);
}

function renderApplySection(entry: EnvironmentApply): string {
  const heading = `### Environment \`${escapeCodeSpan(entry.environment)}\``;
  const parts = [heading, ""];
  if (entry.status === "skipped") parts.push(`⏭️ **Not applied:** ${escapeMarkdownText(entry.reason)}.`);
  if (entry.status === "error") parts.push(`❌ **Not applied:** ${escapeMarkdownText(entry.reason)}`);
  if (entry.status === "refused") parts.push(`> [!CAUTION]\n> **Apply refused.** ${entry.reason.split("\n").map(escapeMarkdownText).join("\n> ")}`);
  if (entry.status === "no-changes") parts.push("**No changes.** The account already matches the repository.");
  if ("result" in entry && entry.status !== "no-changes") parts.push(renderApplyResultMarkdown(entry.result).trimEnd());
  if ("plan" in entry && entry.plan && entry.status !== "no-changes") {
    parts.push("", `<details><summary>${entry.status === "refused" ? "Current plan (not applied)" : "Applied plan"}</summary>\n\n${renderPlanMarkdown(entry.plan).trimEnd()}\n\n</details>`);
  }
  return parts.join("\n");
}

function describeProblem(entry: EnvironmentApply): string {
  if (entry.status === "skipped" || entry.status === "refused" || entry.status === "error") return entry.reason;
  if (entry.status === "failed") {
    return `apply failed for ${countOutcomes(entry.result, "failed")} of ${entry.result.outcomes.length} change(s) or could not be verified; the job summary lists each with its reason.`;
  }
  return "";
}

function cutNote(shown: number, total: number): string {
  return `> [!NOTE]\n> Cut to ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters; the job summary has more.`;
}

/** Reporting must not hide the apply's own outcome: a permission problem posting it becomes a warning. */
async function postQuietly(context: CommandContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    context.io.warning(`Could not read or write the pull request (${(error as Error).message}); give the job 'pull-requests: write'. The result is in the job summary.`);
  }
}
