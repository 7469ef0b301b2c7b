import type { TrackersApi } from "../client/trackers-api.js";
import { selectEnvironments } from "../config/resolve-environment.js";
import { UserError } from "../errors.js";
import { loadProject, type ProjectLoad } from "../load/load-project.js";
import type { Config } from "../model/config.js";
import type { Plan } from "../model/plan.js";
import { planLoadedProject } from "./plan-project.js";
import { applyApiGeneration, scopeLoadToEnvironment } from "./scope-environment.js";

/** One environment's outcome: a plan, or the reason there is none (never mistaken for "no changes"). */
export type EnvironmentPlan = { environment: string; status: "planned"; load: ProjectLoad; plan: Plan } | { environment: string; status: "not-planned"; load: ProjectLoad; reason: string };

export interface PlanEnvironmentsOptions {
  cwd: string;
  path?: string;
  configPath?: string;
  prune?: boolean;
  /** Overrides `api.generation` (the `--api-generation` flag). */
  apiGeneration?: 1 | 2;
  /** An environment name or `all`; undefined means all. */
  environment?: string;
  /** Why this environment's credentials are missing, or undefined when they are present. */
  checkCredentials: (config: Config) => string | undefined;
  /** Builds the client for one environment from its resolved config; may throw to refuse its origin. */
  api: (config: Config) => TrackersApi;
}

/**
 * load -> validate once -> for each environment in the configured order: fetch its own account with its
 * own client -> plan. Every client is built (and every origin checked) before the first request, so a
 * refused origin stops the run before any credential is sent anywhere. An environment whose credentials
 * are missing, or whose API fails, is reported as not planned and the others still plan.
 */
export async function planEnvironments(options: PlanEnvironmentsOptions): Promise<{ load: ProjectLoad; environments: EnvironmentPlan[] }> {
  const load = applyApiGeneration(
    await loadProject({
      cwd: options.cwd,
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    }),
    options.apiGeneration,
  );
  if (load.errorCount > 0) return { load, environments: [] };
  const selected = selectEnvironments(load.config, options.environment ?? "all");
  const prepared = selected.map((environment) => {
    const scoped = scopeLoadToEnvironment(load, environment);
    const missing = options.checkCredentials(scoped.config);
    return missing ? { scoped, missing } : { scoped, api: options.api(scoped.config) };
  });
  const environments: EnvironmentPlan[] = [];
  for (const entry of prepared) {
    const environment = entry.scoped.config.environment!.name;
    if (!entry.api) {
      environments.push({ environment, status: "not-planned", load: entry.scoped, reason: entry.missing! });
      continue;
    }
    try {
      const plan = await planLoadedProject(entry.scoped, entry.api, { cwd: options.cwd, ...(options.prune !== undefined ? { prune: options.prune } : {}) });
      environments.push({ environment, status: "planned", load: entry.scoped, plan });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      environments.push({ environment, status: "not-planned", load: entry.scoped, reason: error.message });
    }
  }
  return { load, environments };
}
