import type { TrackersApi } from "../client/trackers-api.js";
import { loadProject, type ProjectLoad } from "../load/load-project.js";
import type { Config } from "../model/config.js";
import type { Plan } from "../model/plan.js";
import { buildPlan } from "../plan/build-plan.js";
import { attachMatchImpact } from "./attach-match-impact.js";
import type { ProjectBoundary } from "../load/project-boundary.js";

export interface PlanProjectOptions {
  cwd: string;
  path?: string;
  configPath?: string;
  prune?: boolean;
  boundary?: ProjectBoundary;
  /** The API, or a factory that gets the loaded config (so `apiUrl` from tracker-sync.yaml can apply). */
  api: TrackersApi | ((config: Config) => TrackersApi);
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
  const api = typeof options.api === "function" ? options.api(load.config) : options.api;
  const live = await api.listTrackers();
  const plan = buildPlan({ desired: load.trackers, live, config: load.config, ...(options.prune !== undefined ? { prune: options.prune } : {}) });
  return { load, plan: await attachMatchImpact(plan, { cwd: options.cwd, load, live }) };
}
