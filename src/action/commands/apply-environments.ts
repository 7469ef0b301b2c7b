import { selectEnvironments } from "../../config/resolve-environment.js";
import { UserError } from "../../errors.js";
import { loadProject } from "../../load/load-project.js";
import { countOutcomes, hasChanges, type ApplyResult, type Plan } from "../../model/plan.js";
import { applyPlan } from "../../apply/apply-plan.js";
import { planLoadedProject } from "../../pipeline/plan-project.js";
import { scopeLoadToEnvironment } from "../../pipeline/scope-environment.js";
import { renderApplyResultMarkdown } from "../../render/apply-markdown.js";
import { escapeMarkdownLine } from "../../render/environment-plans.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { annotateFindings, describeValidationFailure, isPermissionError, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { checkGenericCredentialInputs, resolveActionEnvironmentSymbl } from "../environment-origins.js";
import { readEnvironmentSectionStates, type EnvironmentSectionState } from "../environment-plan-comment.js";
import { findAssociatedPullRequest } from "../find-associated-pull-request.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { publishApplyOutputs } from "../plan-outputs.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "../split-markdown.js";
import { findStickyComment, PLAN_COMMENT_MARKER, upsertStickyComment } from "../sticky-comment.js";

/** The apply comment of one environment; each environment's job keeps its own. */
export function environmentApplyMarker(environment: string): string {
  return `<!-- tracker-sync:apply:${environment} -->`;
}

type EnvironmentApply =
  | { environment: string; status: "applied" | "no-changes"; plan: Plan; result: ApplyResult }
  | { environment: string; status: "refused"; reason: string; plan?: Plan }
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
  const load = await loadProject(projectOptions(inputs, github));
  annotateFindings(context, load.findings);
  if (load.errorCount > 0) return { failure: describeValidationFailure(load.errorCount) };
  const prepared = selectEnvironments(load.config, inputs.environment ?? "all").map((environment) => {
    const scoped = scopeLoadToEnvironment(load, environment);
    const symbl = resolveActionEnvironmentSymbl(scoped.config, inputs, context.processEnv ?? {});
    for (const secret of symbl.secrets) io.setSecret(secret);
    return { scoped, symbl };
  });

  const pullNumber = github.eventName === "push" ? await findAssociatedPullRequest(context.octokit(), github, github.sha) : undefined;
  const reviewed = pullNumber !== undefined ? await readReviewedStates(context, pullNumber) : undefined;

  const applies: EnvironmentApply[] = [];
  let stopped: string | undefined;
  for (const { scoped, symbl } of prepared) {
    const environment = scoped.config.environment!.name;
    if (stopped) {
      applies.push({ environment, status: "skipped", reason: `not applied because environment '${stopped}' before it did not finish cleanly` });
      continue;
    }
    if (symbl.missing) {
      applies.push({ environment, status: "refused", reason: `apply needs credentials: ${symbl.missing}` });
      stopped = environment;
      continue;
    }
    io.info(`Applying environment '${environment}' against ${symbl.origin}.`);
    const api = context.createApiWithEnv!(symbl.env);
    const plan = await planLoadedProject(scoped, api, { cwd: github.workspace, ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}) });
    const refusal = hasChanges(plan) ? decideRefusal(plan, environment, reviewed, pullNumber) : undefined;
    if (refusal) {
      applies.push({ environment, status: "refused", reason: refusal, plan });
      stopped = environment;
      continue;
    }
    try {
      const result = await applyPlan(plan, api);
      const failed = countOutcomes(result, "failed") > 0 || !result.verified;
      applies.push({ environment, status: failed ? "failed" : hasChanges(plan) ? "applied" : "no-changes", plan, result });
      if (failed) stopped = environment;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      applies.push({ environment, status: "refused", reason: io.redact(error.message), plan });
      stopped = environment;
    }
  }

  const results = applies.flatMap((entry) => ("result" in entry ? [entry.result] : []));
  io.setOutput("applied", String(results.reduce((sum, result) => sum + countOutcomes(result, "applied"), 0)));
  io.setOutput("failed", String(results.reduce((sum, result) => sum + countOutcomes(result, "failed"), 0)));
  if (results.length === 0) publishApplyOutputs(io, undefined);

  const runLink = github.runUrl ? `<sub>[Workflow run and job summary](${github.runUrl}).</sub>` : "";
  const sections = applies.map((entry) => renderApplySection(entry));
  await io.writeSummary(fitMarkdown({ head: "## tracker-sync apply", body: sections.join("\n\n"), tail: runLink, limit: JOB_SUMMARY_LIMIT, truncationNote: cutNote }).text);
  if (pullNumber !== undefined && inputs.comment) {
    for (const [index, entry] of applies.entries()) {
      if (entry.status === "no-changes") continue;
      const marker = environmentApplyMarker(entry.environment);
      const body = fitMarkdown({ head: `${marker}\n## tracker-sync apply`, body: sections[index]!, tail: runLink, limit: GITHUB_BODY_LIMIT, truncationNote: cutNote }).text;
      await postQuietly(context, async () => {
        const comment = await upsertStickyComment(context.octokit(), { ...github, issueNumber: pullNumber }, marker, io.redact(body));
        io.info(`Apply result for '${entry.environment}' posted on pull request #${pullNumber}: ${comment.url}`);
      });
    }
  }

  const problems = applies.filter((entry) => entry.status === "refused" || entry.status === "failed" || entry.status === "skipped");
  if (problems.length === 0) return {};
  return { failure: problems.map((entry) => `Environment '${entry.environment}': ${describeProblem(entry)}`).join("\n") };
}

/** Why a plan with changes must not be applied to this environment now, or undefined when it may. */
function decideRefusal(plan: Plan, environment: string, reviewed: Map<string, EnvironmentSectionState> | undefined, pullNumber: number | undefined): string | undefined {
  const rerun = "to apply it, run this workflow manually (Actions → Run workflow).";
  const state = reviewed?.get(environment);
  if (reviewed && !state) {
    return `The plan comment on pull request #${pullNumber} has no section for environment '${environment}', so no plan for it was reviewed. Nothing was applied. Review the plan below; ${rerun}`;
  }
  if (state?.status === "not-planned") {
    return `Environment '${environment}' was not planned on pull request #${pullNumber}, so no plan for it was reviewed. Nothing was applied. Review the plan below; ${rerun}`;
  }
  if (state?.status === "planned" && state.mode === "live" && state.fingerprint !== plan.fingerprint) {
    return `The plan reviewed for environment '${environment}' on pull request #${pullNumber} (fingerprint ${state.fingerprint}) is not the plan for this commit (fingerprint ${plan.fingerprint}): its account or the definitions changed after the review. Nothing was applied. Review the new plan below; ${rerun}`;
  }
  if (plan.violations.length > 0) {
    return `Apply refused by ${plan.violations.length === 1 ? "a safety guard" : `${plan.violations.length} safety guards`}; nothing was applied:\n${plan.violations.map((violation) => `  ${violation.message}`).join("\n")}`;
  }
  return undefined;
}

/**
 * Every environment's reviewed state from the pull request's plan comment. No comment: undefined (nothing
 * to hold apply to). A comment without environment sections (validation failed, the plan failed, or a
 * single-account plan): an empty map, so every environment with changes is refused.
 */
async function readReviewedStates(context: CommandContext, pullNumber: number): Promise<Map<string, EnvironmentSectionState> | undefined> {
  const comment = await findStickyComment(context.octokit(), { ...context.github, issueNumber: pullNumber }, PLAN_COMMENT_MARKER);
  return comment ? readEnvironmentSectionStates(comment.body) : undefined;
}

function renderApplySection(entry: EnvironmentApply): string {
  const heading = `### Environment \`${escapeMarkdownLine(entry.environment)}\``;
  const parts = [heading, ""];
  if (entry.status === "skipped") parts.push(`⏭️ **Not applied:** ${escapeMarkdownLine(entry.reason)}.`);
  if (entry.status === "refused") parts.push(`> [!CAUTION]\n> **Apply refused.** ${entry.reason.replace(/\n/g, "\n> ")}`);
  if (entry.status === "no-changes") parts.push("**No changes.** The account already matches the repository.");
  if ("result" in entry && entry.status !== "no-changes") parts.push(renderApplyResultMarkdown(entry.result).trimEnd());
  if ("plan" in entry && entry.plan && entry.status !== "no-changes") {
    parts.push("", `<details><summary>${entry.status === "refused" ? "Current plan (not applied)" : "Applied plan"}</summary>\n\n${renderPlanMarkdown(entry.plan).trimEnd()}\n\n</details>`);
  }
  return parts.join("\n");
}

function describeProblem(entry: EnvironmentApply): string {
  if (entry.status === "skipped" || entry.status === "refused") return entry.reason;
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
