import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { countOutcomes, mayChangeAccount, type ApplyResult, type Plan } from "../model/plan.js";
import { describeSummary } from "../render/plan-format.js";
import { renderPlanJson } from "../render/plan-json.js";
import type { ActionIo } from "./action-io.js";

/** Writes the plan as JSON for later steps and sets has-changes, summary, plan-json and fingerprint. */
export function publishPlanOutputs(io: ActionIo, plan: Plan): string {
  mkdirSync(io.tempDir, { recursive: true });
  const path = join(io.tempDir, "tracker-sync-plan.json");
  writeFileSync(path, renderPlanJson(plan));
  // An offline plan that names a possible delete or a setting change is not "no changes".
  io.setOutput("has-changes", String(mayChangeAccount(plan)));
  io.setOutput("summary", describeSummary(plan.summary));
  io.setOutput("plan-json", path);
  io.setOutput("fingerprint", plan.fingerprint);
  return path;
}

/** Sets applied and failed; both 0 when nothing was applied. */
export function publishApplyOutputs(io: ActionIo, result: ApplyResult | undefined): void {
  io.setOutput("applied", String(result ? countOutcomes(result, "applied") : 0));
  io.setOutput("failed", String(result ? countOutcomes(result, "failed") : 0));
  io.setOutput("id-changes", JSON.stringify(result?.idChanges ?? []));
}
