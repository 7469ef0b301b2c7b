import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentPlanOutcome } from "../model/environment-plan.js";
import { mayChangeAccount } from "../model/plan.js";
import { renderEnvironmentPlansJson } from "../render/environment-plans.js";
import { describeSummary } from "../render/plan-format.js";
import type { ActionIo } from "./action-io.js";

/**
 * The plan outputs when the config has environments: has-changes over all of them, one `name: summary` and
 * one `name=fingerprint` line per environment, and plan-json holding every environment's plan.
 */
export function publishEnvironmentPlanOutputs(io: ActionIo, outcomes: readonly EnvironmentPlanOutcome[]): void {
  mkdirSync(io.tempDir, { recursive: true });
  const path = join(io.tempDir, "tracker-sync-plan.json");
  writeFileSync(path, renderEnvironmentPlansJson(outcomes));
  const plans = outcomes.flatMap((outcome) => (outcome.status === "planned" ? [outcome.plan] : []));
  // An offline plan whose only effect is a tombstone or a setting change still changes the account on merge.
  io.setOutput("has-changes", String(plans.some(mayChangeAccount)));
  io.setOutput("summary", outcomes.map((outcome) => `${outcome.environment}: ${outcome.status === "planned" ? describeSummary(outcome.plan.summary) : "not planned"}`).join("\n"));
  io.setOutput("plan-json", path);
  io.setOutput("fingerprint", outcomes.map((outcome) => `${outcome.environment}=${outcome.status === "planned" ? outcome.plan.fingerprint : ""}`).join("\n"));
}
