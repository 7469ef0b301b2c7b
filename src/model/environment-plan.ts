import type { Plan } from "./plan.js";

/** One environment's plan, or why there is none: "not planned" is never shown as "no changes". */
export type EnvironmentPlanOutcome = { environment: string; status: "planned"; plan: Plan } | { environment: string; status: "not-planned"; reason: string };

export const ENVIRONMENT_PLANS_FORMAT_VERSION = 1;
