import { runApply } from "./commands/apply.js";
import { runDrift } from "./commands/drift.js";
import { runPlan } from "./commands/plan.js";
import { runValidate } from "./commands/validate.js";
import type { CommandContext, CommandOutcome } from "./command-context.js";

/** Dispatches to the command named by the `command` input. */
export function runCommand(context: CommandContext): Promise<CommandOutcome> {
  switch (context.inputs.command) {
    case "validate":
      return runValidate(context);
    case "plan":
      return runPlan(context);
    case "apply":
      return runApply(context);
    case "drift":
      return runDrift(context);
  }
}
