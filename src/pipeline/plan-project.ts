import type { TrackersApi } from "../client/trackers-api.js";
import { loadProject, type ProjectLoad } from "../load/load-project.js";
import type { ApiGeneration, Config } from "../model/config.js";
import type { Plan } from "../model/plan.js";
import { buildPlanForGeneration } from "../plan/build-plan-gen2.js";
import { attachMatchImpact } from "./attach-match-impact.js";
import type { ProjectBoundary } from "../load/project-boundary.js";
import { scopeLoadForSingleEnvironment } from "./scope-environment.js";

export interface PlanProjectOptions {
  cwd: string;
  path?: string;
  configPath?: string;
  prune?: boolean;
  /** Overrides `api.generation` from tracker-sync.yaml (the `--api-generation` flag). */
  apiGeneration?: ApiGeneration;
  boundary?: ProjectBoundary;
  /** The API, or a factory that gets the loaded config (so `apiUrl` from tracker-sync.yaml can apply). */
  api: TrackersApi | ((config: Config) => TrackersApi);
  /** With `environments:` in the config: the one to plan (`--env`); the factory then gets its config. */
  environment?: string;
}

/** load -> validate -> fetch live -> plan. No plan when validation found errors (the findings say why). */
export async function planProject(options: PlanProjectOptions): Promise<{ load: ProjectLoad; plan?: Plan }> {
  const load = await loadProject({
    cwd: options.cwd,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.boundary !== undefined ? { boundary: options.boundary } : {}),
  });
  if (load.errorCount > 0) return { load };
  if (options.apiGeneration !== undefined) {
    load.config = { ...load.config, api: { ...load.config.api, generation: options.apiGeneration } };
    // The flag decides the generation, so warnings about generation-2 fields under generation 1 no longer apply.
    if (options.apiGeneration === 2) load.findings = load.findings.filter((finding) => finding.rule !== "generation-field-ignored");
  }
  const scoped = scopeLoadForSingleEnvironment(load, options.environment, "This command");
  const api = typeof options.api === "function" ? options.api(scoped.config) : options.api;
  return { load: scoped, plan: await planLoadedProject(scoped, api, options) };
}

/** fetch live -> plan, for a project already loaded (and scoped to one environment when it has several). */
export async function planLoadedProject(load: ProjectLoad, api: TrackersApi, options: { cwd: string; prune?: boolean }): Promise<Plan> {
  const { trackers: live, unreadable } = api.listAccount ? await api.listAccount() : { trackers: await api.listTrackers(), unreadable: [] };
  const plan = buildPlanForGeneration({
    desired: load.trackers,
    live,
    config: load.config,
    ...(unreadable.length > 0 ? { unreadable } : {}),
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
    ...(api.baseUrl !== undefined ? { target: { apiUrl: api.baseUrl } } : {}),
  });
  return attachMatchImpact(plan, { cwd: options.cwd, load, live });
}
