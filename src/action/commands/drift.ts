import { hasChanges } from "../../model/plan.js";
import { planProject } from "../../pipeline/plan-project.js";
import { describeSummary } from "../../render/plan-format.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { annotateFindings, describeValidationFailure, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { syncDriftIssue } from "../drift-issue.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { renderPlanText } from "../../render/plan-text.js";
import { logUntrusted } from "../log-untrusted.js";
import { publishPlanOutputs } from "../plan-outputs.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "../split-markdown.js";

/**
 * drift: plan against the live account; while it differs keep one `tracker-drift` issue open with the
 * plan, and close it once the account matches again. Drift itself does not fail the job.
 */
export async function runDrift(context: CommandContext): Promise<CommandOutcome> {
  const { inputs, github, io } = context;
  if (!context.symbl.hasCredentials) {
    return { failure: "drift needs Symbl credentials: pass the symbl-app-id and symbl-app-secret inputs from secrets." };
  }
  const { load, plan } = await planProject({
    ...projectOptions(inputs, github),
    ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}),
    api: context.createApi,
  });
  annotateFindings(context, load.findings);
  if (!plan) return { failure: describeValidationFailure(load.errorCount) };
  publishPlanOutputs(io, plan);
  logUntrusted(io, renderPlanText(plan, { color: false }));

  const drifted = hasChanges(plan);
  const runLink = github.runUrl ? ` ([run](${github.runUrl}))` : "";
  const head = drifted
    ? `The live Symbl account differs from the definitions on \`${github.sha.slice(0, 7) || "the default branch"}\`${runLink}: ${describeSummary(plan.summary)}.\n\nApplying the repository would make the changes below. If someone edited trackers in Symbl on purpose, copy those edits into the YAML files (\`tracker-sync export\` helps); otherwise run the apply workflow to restore the repository's version. This issue updates on every drift check and closes itself when the account matches again.`
    : "";
  const planMarkdown = renderPlanMarkdown(plan, { title: drifted ? "Drift" : "No drift" }).trimEnd();
  await io.writeSummary(fitMarkdown({ head: "## tracker-sync drift", body: planMarkdown, tail: "", limit: JOB_SUMMARY_LIMIT, truncationNote: note }).text);

  const issue = await syncDriftIssue(context.octokit(), github, {
    inSync: !drifted,
    body: io.redact(fitMarkdown({ head, body: planMarkdown, tail: "", limit: GITHUB_BODY_LIMIT, truncationNote: note }).text),
    closingComment: `The account matches the repository again${runLink}; closing.`,
  });
  io.info(issue.action === "none" ? "No drift, and no drift issue is open." : `Drift issue #${issue.number} ${issue.action}: ${issue.url}`);
  io.setOutput("drift-issue", issue.action === "none" ? "" : String(issue.number));
  return {};
}

function note(shown: number, total: number): string {
  return `> [!NOTE]\n> Plan cut to ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters; run \`tracker-sync plan\` for all of it.`;
}
