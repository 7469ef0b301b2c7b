import { hasEnvironments } from "../config/resolve-environment.js";
import { UserError } from "../errors.js";
import { loadConfig } from "../load/load-project.js";
import { runApply } from "./commands/apply.js";
import { runApplyEnvironments } from "./commands/apply-environments.js";
import { runDrift } from "./commands/drift.js";
import { runDriftEnvironments } from "./commands/drift-environments.js";
import { runPlan } from "./commands/plan.js";
import { runPlanEnvironments } from "./commands/plan-environments.js";
import { runValidate } from "./commands/validate.js";
import { projectOptions, type CommandContext, type CommandOutcome } from "./command-context.js";

/** Dispatches to the command named by the `command` input; with `environments:` in the config, to its per-environment form. */
export async function runCommand(context: CommandContext): Promise<CommandOutcome> {
  const command = context.inputs.command;
  if (command === "validate") return runValidate(context);
  const multi = await usesEnvironments(context);
  switch (command) {
    case "plan":
      return multi ? runPlanEnvironments(context) : runPlan(context);
    case "apply":
      return multi ? runApplyEnvironments(context) : runApply(context);
    case "drift":
      return multi ? runDriftEnvironments(context) : runDrift(context);
  }
}

async function usesEnvironments(context: CommandContext): Promise<boolean> {
  const options = projectOptions(context.inputs, context.github);
  // An unreadable --config is the command's to report (with its failure comment), so it counts as no environments here.
  const config = await loadConfig(options.cwd, options.configPath, options.boundary).then(
    (loaded) => loaded.config,
    () => undefined,
  );
  const multi = config !== undefined && hasEnvironments(config);
  if (!multi && context.inputs.environment !== undefined) {
    throw new UserError(`The environment input is '${context.inputs.environment}', but tracker-sync.yaml defines no environments. Add an 'environments:' list or remove the input.`);
  }
  return multi;
}
