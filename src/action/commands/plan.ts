import { loadProject, type ProjectLoad } from "../../load/load-project.js";
import { digestGuardedSettings, pickGuardedSettings } from "../../plan/guarded-settings.js";
import type { Plan } from "../../model/plan.js";
import { planProject } from "../../pipeline/plan-project.js";
import { annotateFindings, describeValidationFailure, guardedOverrides, isPermissionError, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { resolveActionIdentity } from "../action-identity.js";
import { planAgainstBase } from "../plan-against-base.js";
import { renderPlanFailure, renderPlanReport, type OfflineReason } from "../plan-comment.js";
import { renderPlanText } from "../../render/plan-text.js";
import { logUntrusted } from "../log-untrusted.js";
import { publishPlanOutputs } from "../plan-outputs.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { PLAN_COMMENT_MARKER, upsertStickyComment } from "../sticky-comment.js";

/**
 * plan: validate, plan (live, or against the base branch for forks and runs without credentials), then
 * the job summary, outputs and, on a pull request, the sticky comment. A plan with changes does not fail.
 */
export async function runPlan(context: CommandContext): Promise<CommandOutcome> {
  const { inputs, github, io } = context;
  const pr = github.pullRequest;
  const offlineReason: OfflineReason | undefined = pr?.fromFork ? "fork" : context.symbl.hasCredentials ? undefined : "no-credentials";
  if (offlineReason && !pr) {
    const load = await loadProject(projectOptions(inputs, github));
    annotateFindings(context, load.findings);
    return {
      failure: "plan needs Symbl credentials outside pull requests: pass the symbl-app-id and symbl-app-secret inputs (from secrets), or use command: validate.",
    };
  }

  let load: ProjectLoad;
  let plan: Plan | undefined;
  try {
    ({ load, plan } =
      offlineReason && pr
        ? await planOffline(context, pr.number, pr.baseSha || pr.baseRef)
        : await planProject({ ...projectOptions(inputs, github), ...pruneOption(inputs.prune), api: context.createApi }));
  } catch (error) {
    // A stale plan comment would be worse than none: say on the pull request that this push's plan failed.
    if (pr && inputs.comment) {
      const failure = renderPlanFailure({ message: (error as Error).message, sha: pr.headSha, ...runUrlOf(context) }, PLAN_COMMENT_MARKER);
      await postComment(context, pr.number, failure);
    }
    throw error;
  }

  annotateFindings(context, load.findings);
  if (plan) {
    publishPlanOutputs(io, plan);
    logUntrusted(io, renderPlanText(plan, { color: false }));
  }
  const report = {
    findings: load.findings,
    fileCount: load.files.length,
    ...(plan ? { plan, settingsDigest: digestGuardedSettings(pickGuardedSettings(load.config, guardedOverrides(inputs))) } : {}),
    ...(offlineReason ? { offlineReason } : {}),
    sha: pr?.headSha || github.sha,
    ...runUrlOf(context),
  };
  await io.writeSummary(renderPlanReport(report, { limit: JOB_SUMMARY_LIMIT }));

  if (pr && inputs.comment) await postComment(context, pr.number, renderPlanReport(report, { marker: PLAN_COMMENT_MARKER }));

  if (load.errorCount > 0) return { failure: describeValidationFailure(load.errorCount) };
  if (plan && plan.violations.length > 0) {
    return {
      failure: `The plan breaks ${plan.violations.length === 1 ? "a safety guard" : `${plan.violations.length} safety guards`}, so apply would refuse it:\n${plan.violations.map((violation) => `  ${violation.message}`).join("\n")}`,
    };
  }
  return {};
}

/** Fork pull requests and runs without credentials: head definitions against the base branch's, no Symbl call. */
async function planOffline(context: CommandContext, pullNumber: number, baseSha: string): Promise<{ load: ProjectLoad; plan?: Plan }> {
  const { inputs, github } = context;
  const load = await loadProject(projectOptions(inputs, github));
  if (load.errorCount > 0) return { load };
  const plan = await planAgainstBase(context.octokit(), {
    load,
    cwd: github.workspace,
    ...(inputs.path !== undefined ? { path: inputs.path } : {}),
    ...(inputs.config !== undefined ? { configPath: inputs.config } : {}),
    ...pruneOption(inputs.prune),
    ...(inputs.apiGeneration !== undefined ? { apiGeneration: inputs.apiGeneration } : {}),
    repo: github,
    pullNumber,
    baseSha,
  });
  return { load, plan };
}

async function postComment(context: CommandContext, pullNumber: number, body: string): Promise<void> {
  try {
    const identity = await resolveActionIdentity(context.octokit());
    const comment = await upsertStickyComment(context.octokit(), { ...context.github, issueNumber: pullNumber }, PLAN_COMMENT_MARKER, context.io.redact(body), identity);
    context.io.info(`Plan comment ${comment.action}: ${comment.url}`);
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    context.io.warning(
      `Could not post the plan comment (${(error as Error).message}): the workflow token may not write to pull requests (pull requests from forks get a read-only token). The plan is in the job summary.`,
    );
  }
}

function runUrlOf(context: CommandContext): { runUrl?: string } {
  return context.github.runUrl ? { runUrl: context.github.runUrl } : {};
}

function pruneOption(prune: boolean | undefined): { prune?: boolean } {
  return prune !== undefined ? { prune } : {};
}
