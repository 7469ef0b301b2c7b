import { loadProject } from "../../load/load-project.js";
import { renderFindingsMarkdown } from "../../render/findings-markdown.js";
import { annotateFindings, describeValidationFailure, projectOptions, type CommandContext, type CommandOutcome } from "../command-context.js";
import { describeValidation } from "../plan-comment.js";

/** validate: annotations and a job summary; fails on any error-level finding. */
export async function runValidate(context: CommandContext): Promise<CommandOutcome> {
  const load = await loadProject(projectOptions(context.inputs, context.github));
  annotateFindings(context, load.findings);
  const summary = ["## tracker-sync validate", "", describeValidation(load.findings, load.files.length)];
  if (load.findings.length > 0) summary.push("", renderFindingsMarkdown(load.findings));
  await context.io.writeSummary(`${summary.join("\n")}\n`);
  context.io.info(`Validated ${load.files.length} definition file(s): ${load.errorCount} error(s), ${load.findings.length - load.errorCount} warning(s).`);
  return load.errorCount > 0 ? { failure: describeValidationFailure(load.errorCount) } : {};
}
