import type { Plan } from "../model/plan.js";

/** The plan as versioned JSON (`formatVersion`, see schemas/plan.schema.json); `apply --plan` reads it back. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
