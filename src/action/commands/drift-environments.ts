import { UserError } from "../../errors.js";
import { loadProject } from "../../load/load-project.js";
import { hasChanges } from "../../model/plan.js";
import { planLoadedProject } from "../../pipeline/plan-project.js";
import { applyApiGeneration } from "../../pipeline/scope-environment.js";
import { describeSummary } from "../../render/plan-format.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { renderPlanText } from "../../render/plan-text.js";
import { logUntrusted } from "../log-untrusted.js";
import { annotateFindings, describeValidationFailure, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { syncDriftIssue } from "../drift-issue.js";
import { checkGenericCredentialInputs } from "../environment-origins.js";
import { prepareActionEnvironments } from "../prepare-environments.js";
import { JOB_SUMMARY_LIMIT } from "../job-summary.js";
import { fitMarkdown, GITHUB_BODY_LIMIT } from "../split-markdown.js";

/**
 * drift with `environments:`: each environment against its own account; one `tracker-drift` issue per
 * environment is opened or updated while it differs and closed once it matches. An environment that cannot
 * be checked (no credentials, API error) fails the job after the others were checked.
 */
export async function runDriftEnvironments(context: CommandContext): Promise<CommandOutcome> {
  const { inputs, github, io } = context;
  checkGenericCredentialInputs(inputs);
  const load = applyApiGeneration(await loadProject(projectOptions(inputs, github)), inputs.apiGeneration);
  annotateFindings(context, load.findings);
  if (load.errorCount > 0) return { failure: describeValidationFailure(load.errorCount) };
  const prepared = prepareActionEnvironments(load, context);
  const runLink = github.runUrl ? ` ([run](${github.runUrl}))` : "";
  const summary: string[] = ["## tracker-sync drift"];
  const problems: string[] = [];
  const issues: string[] = [];
  for (const { scoped, symbl } of prepared) {
    const environment = scoped.config.environment!.name;
    if (symbl.missing) {
      problems.push(`Environment '${environment}' was not checked: ${symbl.missing}`);
      summary.push(`### Environment \`${environment}\`\n\n⛔ **Not checked:** ${symbl.missing}`);
      continue;
    }
    let plan;
    try {
      plan = await planLoadedProject(scoped, context.createApiWithEnv!(symbl.env, scoped.config.api?.generation), {
        cwd: github.workspace,
        ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}),
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(`Environment '${environment}' was not checked: ${io.redact(error.message)}`);
      summary.push(`### Environment \`${environment}\`\n\n⛔ **Not checked** (see the log).`);
      continue;
    }
    logUntrusted(io, `Environment ${environment}:\n${renderPlanText(plan, { color: false })}`);
    const drifted = hasChanges(plan);
    const head = drifted
      ? `The live Symbl account of environment \`${environment}\` differs from the definitions on \`${github.sha.slice(0, 7) || "the default branch"}\`${runLink}: ${describeSummary(plan.summary)}.\n\nApplying the repository would make the changes below. If someone edited trackers in Symbl on purpose, copy those edits into the YAML files (\`tracker-sync export --env ${environment}\` helps); otherwise run the apply workflow to restore the repository's version. This issue updates on every drift check and closes itself when the account matches again.`
      : "";
    const planMarkdown = renderPlanMarkdown(plan, { title: drifted ? `Drift in ${environment}` : `No drift in ${environment}` }).trimEnd();
    summary.push(planMarkdown);
    const issue = await syncDriftIssue(context.octokit(), github, {
      environment,
      inSync: !drifted,
      body: io.redact(fitMarkdown({ head, body: planMarkdown, tail: "", limit: GITHUB_BODY_LIMIT - 100, truncationNote: note }).text),
      closingComment: `The account of environment \`${environment}\` matches the repository again${runLink}; closing.`,
    });
    io.info(issue.action === "none" ? `No drift in '${environment}', and no drift issue is open for it.` : `Drift issue for '${environment}' #${issue.number} ${issue.action}: ${issue.url}`);
    if (issue.action !== "none") issues.push(`${environment}=${issue.number}`);
  }
  await io.writeSummary(fitMarkdown({ head: summary[0]!, body: summary.slice(1).join("\n\n"), tail: "", limit: JOB_SUMMARY_LIMIT, truncationNote: note }).text);
  io.setOutput("drift-issue", issues.join("\n"));
  return problems.length > 0 ? { failure: problems.join("\n") } : {};
}

function note(shown: number, total: number): string {
  return `> [!NOTE]\n> Plan cut to ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters; run \`tracker-sync plan --env NAME\` for all of it.`;
}
