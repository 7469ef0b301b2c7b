import { UserError } from "../../errors.js";
import { loadProject, type ProjectLoad } from "../../load/load-project.js";
import type { EnvironmentPlanOutcome } from "../../model/environment-plan.js";
import { planLoadedProject } from "../../pipeline/plan-project.js";
import { applyApiGeneration } from "../../pipeline/scope-environment.js";
import { digestGuardedSettings, pickGuardedSettings } from "../../plan/guarded-settings.js";
import { resolveActionIdentity } from "../action-identity.js";
import { annotateFindings, describeValidationFailure, guardedOverrides, isPermissionError, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { checkGenericCredentialInputs, type ActionEnvironmentSymbl } from "../environment-origins.js";
import { prepareActionEnvironments, scopeSelectedEnvironments } from "../prepare-environments.js";
import { publishEnvironmentPlanOutputs } from "../environment-outputs.js";
import { renderEnvironmentPlanReport, type EnvironmentSection } from "../environment-plan-comment.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { planAgainstBase } from "../plan-against-base.js";
import { renderPlanFailure } from "../plan-comment.js";
import { PLAN_COMMENT_MARKER, upsertStickyComment } from "../sticky-comment.js";
import { logUntrusted } from "../log-untrusted.js";
import { renderEnvironmentPlansText } from "../../render/environment-plans.js";

/**
 * plan with `environments:` in the config: every selected environment in apply order, each against its own
 * account with its own credentials (or offline against the base branch on a fork, or where this run has no
 * credentials for it), then one sticky comment and one job summary with a section per environment.
 * Every origin is checked before the first request, so a refused one stops the run with nothing sent.
 */
export async function runPlanEnvironments(context: CommandContext): Promise<CommandOutcome> {
  const { inputs, github, io } = context;
  const pr = github.pullRequest;
  const sha = pr?.headSha || github.sha;
  const runUrl = github.runUrl ? { runUrl: github.runUrl } : {};
  try {
    checkGenericCredentialInputs(inputs);
    const load = applyApiGeneration(await loadProject(projectOptions(inputs, github)), inputs.apiGeneration);
    annotateFindings(context, load.findings);
    const report = { findings: load.findings, fileCount: load.files.length, sections: [] as EnvironmentSection[], sha, ...runUrl };
    if (load.errorCount > 0) {
      await publish(context, report);
      return { failure: describeValidationFailure(load.errorCount) };
    }
    // A fork gets no secrets: every environment is planned offline, and no origin or credential is resolved.
    const prepared: Array<{ scoped: ProjectLoad; symbl?: ActionEnvironmentSymbl }> = pr?.fromFork
      ? scopeSelectedEnvironments(load, context).map((scoped) => ({ scoped }))
      : prepareActionEnvironments(load, context);

    const outcomes: EnvironmentPlanOutcome[] = [];
    for (const { scoped, symbl } of prepared) {
      const environment = scoped.config.environment!.name;
      // The settings this environment's plan used, recorded with it so apply can hold the merge to them.
      const settingsDigest = digestGuardedSettings(pickGuardedSettings(scoped.config, guardedOverrides(inputs)));
      const offlineReason = !symbl ? "fork" : symbl.missing ? "no-credentials" : undefined;
      if (offlineReason && pr) {
        const plan = await planAgainstBase(context.octokit(), {
          load: scoped,
          cwd: github.workspace,
          ...(inputs.path !== undefined ? { path: inputs.path } : {}),
          ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}),
          repo: github,
          pullNumber: pr.number,
          baseSha: pr.baseSha || pr.baseRef,
          ...(inputs.config !== undefined ? { configPath: inputs.config } : {}),
          ...(inputs.apiGeneration !== undefined ? { apiGeneration: inputs.apiGeneration } : {}),
        });
        report.sections.push({ environment, plan, settingsDigest, offlineReason });
        outcomes.push({ environment, status: "planned", plan });
        continue;
      }
      if (!symbl || symbl.missing) {
        const reason = symbl?.missing ?? "no credentials";
        report.sections.push({ environment, notPlanned: reason });
        outcomes.push({ environment, status: "not-planned", reason });
        continue;
      }
      try {
        const api = context.createApiWithEnv!(symbl.env, scoped.config.api?.generation);
        io.info(`Planning environment '${environment}' against ${symbl.origin}.`);
        const plan = await planLoadedProject(scoped, api, { cwd: github.workspace, ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}) });
        report.sections.push({ environment, plan, settingsDigest });
        outcomes.push({ environment, status: "planned", plan });
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        const reason = io.redact(error.message);
        report.sections.push({ environment, notPlanned: reason });
        outcomes.push({ environment, status: "not-planned", reason });
      }
    }
    logUntrusted(io, renderEnvironmentPlansText(outcomes, { color: false }));
    publishEnvironmentPlanOutputs(io, outcomes);
    await publish(context, report);

    const notPlanned = outcomes.filter((outcome) => outcome.status === "not-planned");
    if (notPlanned.length > 0) {
      return { failure: notPlanned.map((outcome) => `Environment '${outcome.environment}' was not planned: ${outcome.status === "not-planned" ? outcome.reason : ""}`).join("\n") };
    }
    const refused = outcomes.flatMap((outcome) => (outcome.status === "planned" && outcome.plan.violations.length > 0 ? [outcome] : []));
    if (refused.length > 0) {
      return {
        failure: refused
          .map(
            (outcome) =>
              `Environment '${outcome.environment}': the plan breaks a safety guard, so apply would refuse it:\n${outcome.status === "planned" ? outcome.plan.violations.map((violation) => `  ${violation.message}`).join("\n") : ""}`,
          )
          .join("\n"),
      };
    }
    return {};
  } catch (error) {
    // A stale plan comment would be worse than none: say on the pull request that this push's plan failed.
    if (pr && inputs.comment) await postComment(context, pr.number, renderPlanFailure({ message: io.redact((error as Error).message), sha, ...runUrl }, PLAN_COMMENT_MARKER));
    throw error;
  }
}

async function publish(context: CommandContext, report: Parameters<typeof renderEnvironmentPlanReport>[0]): Promise<void> {
  await context.io.writeSummary(renderEnvironmentPlanReport(report, { limit: JOB_SUMMARY_LIMIT }));
  const pr = context.github.pullRequest;
  if (pr && context.inputs.comment) await postComment(context, pr.number, renderEnvironmentPlanReport(report, { marker: PLAN_COMMENT_MARKER }));
}

async function postComment(context: CommandContext, pullNumber: number, body: string): Promise<void> {
  try {
    const identity = await resolveActionIdentity(context.octokit());
    const comment = await upsertStickyComment(context.octokit(), { ...context.github, issueNumber: pullNumber }, PLAN_COMMENT_MARKER, context.io.redact(body), identity);
    context.io.info(`Plan comment ${comment.action}: ${comment.url}`);
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    context.io.warning(`Could not post the plan comment (${(error as Error).message}): the workflow token may not write to pull requests. The plan is in the job summary.`);
  }
}
