import { RefusedError } from "../../errors.js";
import { countOutcomes, hasChanges } from "../../model/plan.js";
import { applyProject } from "../../pipeline/apply-project.js";
import { planProject } from "../../pipeline/plan-project.js";
import { renderApplyResultMarkdown } from "../../render/apply-markdown.js";
import { renderApplyResultText } from "../../render/apply-text.js";
import { renderPlanText } from "../../render/plan-text.js";
import { logUntrusted } from "../log-untrusted.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { annotateFindings, describeValidationFailure, guardedOverrides, isPermissionError, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { pickGuardedSettings, digestGuardedSettings } from "../../plan/guarded-settings.js";
import { resolveActionIdentity } from "../action-identity.js";
import { findAssociatedPullRequest } from "../find-associated-pull-request.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { publishApplyOutputs, publishPlanOutputs } from "../plan-outputs.js";
import { decideReviewedPlanRefusal, describeGuardRefusal, readReviewedPlan } from "../reviewed-plan.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "../split-markdown.js";
import { upsertStickyComment } from "../sticky-comment.js";
import { escapeMarkdownText } from "../../escape/markdown-text.js";

export const APPLY_COMMENT_MARKER = "<!-- tracker-sync:apply -->";

/**
 * apply: re-plan, refuse when the plan is not the one reviewed on the pull request (see reviewed-plan.ts)
 * or breaks a guard, apply, then report on the pull request and in the job summary.
 */
export async function runApply(context: CommandContext): Promise<CommandOutcome> {
  const { inputs, github, io } = context;
  if (!context.symbl.hasCredentials) {
    return { failure: "apply needs Symbl credentials: pass the symbl-app-id and symbl-app-secret inputs from the secrets of the job's environment." };
  }
  // Not quiet on errors: without this lookup the reviewed-plan check would be skipped silently.
  const pull = github.eventName === "push" ? await findAssociatedPullRequest(context.octokit(), github, github.sha) : undefined;
  const pullNumber = pull?.number;
  const identity = pull ? await resolveActionIdentity(context.octokit()) : undefined;
  const reviewed = pull && identity ? await readReviewedPlan(context.octokit(), github, pull, identity, io) : undefined;

  const options = { ...projectOptions(inputs, github), ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}) };
  const { load, plan } = await planProject({ ...options, api: context.createApi });
  annotateFindings(context, load.findings);
  if (!plan) return { failure: describeValidationFailure(load.errorCount) };
  publishPlanOutputs(io, plan);
  publishApplyOutputs(io, undefined);

  const settingsDigest = digestGuardedSettings(pickGuardedSettings(load.config, guardedOverrides(inputs)));
  let refusal: string | undefined;
  if (hasChanges(plan)) refusal = (pull && reviewed ? decideReviewedPlanRefusal(plan, reviewed, pull, settingsDigest) : undefined) ?? describeGuardRefusal(plan);
  let result;
  if (!refusal && hasChanges(plan)) {
    try {
      // The fingerprint just computed: refuse if the account moves between this plan and the apply.
      ({ result } = await applyProject({
        ...options,
        api: context.createApi,
        expectFingerprint: plan.fingerprint,
        lockHolder: `github ${github.owner}/${github.repo} commit ${github.sha.slice(0, 7)}`,
        onWarning: (message) => io.warning(message),
      }));
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      refusal = error.message;
    }
  }
  publishApplyOutputs(io, result);
  logUntrusted(io, [renderPlanText(plan, { color: false }), refusal ? `Apply refused. ${refusal}\n` : "", result ? renderApplyResultText(result, { color: false }) : ""].join("\n"));

  const sections = ["## tracker-sync apply", ""];
  if (refusal) sections.push(`> [!CAUTION]\n> **Apply refused.** ${refusal.split("\n").map(escapeMarkdownText).join("\n> ")}`, "");
  else if (!result) sections.push("**No changes.** The account already matches the repository.", "");
  if (result) sections.push(renderApplyResultMarkdown(result).trimEnd(), "");
  const planMarkdown = renderPlanMarkdown(plan, { title: refusal ? "Current plan (not applied)" : "Applied plan" }).trimEnd();
  const runLink = github.runUrl ? `<sub>[Workflow run and job summary](${github.runUrl}).</sub>` : "";
  await io.writeSummary(
    fitMarkdown({ head: sections.join("\n"), body: planMarkdown, tail: runLink, limit: JOB_SUMMARY_LIMIT, truncationNote: cutNote("the plan-json output file holds all of it") }).text,
  );

  if (pullNumber !== undefined && inputs.comment && (result || refusal)) {
    const body = fitMarkdown({
      head: [APPLY_COMMENT_MARKER, ...sections].join("\n"),
      body: `<details><summary>Plan</summary>\n\n${planMarkdown}\n\n</details>`,
      tail: runLink,
      limit: GITHUB_BODY_LIMIT,
      truncationNote: cutNote(github.runUrl ? `the [job summary](${github.runUrl}) has more` : "the job summary has more"),
    }).text;
    await postQuietly(context, async () => {
      const comment = await upsertStickyComment(
        context.octokit(),
        { ...github, issueNumber: pullNumber },
        APPLY_COMMENT_MARKER,
        io.redact(body),
        identity ?? (await resolveActionIdentity(context.octokit())),
      );
      io.info(`Apply result posted on pull request #${pullNumber}: ${comment.url}`);
    });
  }

  if (refusal) return { failure: refusal, exitCode: 3 };
  if (result && countOutcomes(result, "failed") > 0) {
    return { failure: `Apply failed for ${countOutcomes(result, "failed")} of ${result.outcomes.length} change(s); the job summary lists each with its reason. Fix the cause and run apply again.` };
  }
  if (result && !result.verified) {
    return { failure: "Apply finished but the account still differs from the repository (see the job summary); run apply again or check the trackers in Symbl." };
  }
  return {};
}

function cutNote(where: string): (shown: number, total: number) => string {
  return (shown, total) => `> [!NOTE]\n> Plan cut to ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters; ${where}.`;
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
