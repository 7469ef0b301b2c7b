import type { TrackersApi } from "../client/trackers-api.js";
import { loadProject, type ProjectLoad } from "../load/load-project.js";
import type { Config } from "../model/config.js";
import type { Plan } from "../model/plan.js";
import { buildPlan } from "../plan/build-plan.js";
import { computePlanMatchImpact } from "../plan/compute-plan-match-impact.js";
import { loadConversations } from "../preview/load-conversations.js";
import path from "node:path";

export interface PlanProjectOptions {
  cwd: string;
  path?: string;
  configPath?: string;
  prune?: boolean;
  /** The API, or a factory that gets the loaded config (so `apiUrl` from tracker-sync.yaml can apply). */
  api: TrackersApi | ((config: Config) => TrackersApi);
}

/** load -> validate -> fetch live -> plan. No plan when validation found errors (the findings say why). */
export async function planProject(options: PlanProjectOptions): Promise<{ load: ProjectLoad; plan?: Plan }> {
  const load = await loadProject({
    cwd: options.cwd,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
  });
  if (load.errorCount > 0) return { load };
  const api = typeof options.api === "function" ? options.api(load.config) : options.api;
  const live = await api.listTrackers();
  const plan = buildPlan({ desired: load.trackers, live, config: load.config, ...(options.prune !== undefined ? { prune: options.prune } : {}) });
  const conversations = plan.changes.length > 0 ? await loadConversations(resolveConversationsDir(options.cwd, load), { optional: true }) : [];
  const matchImpact = computePlanMatchImpact({ plan, live, desired: load.trackers, conversations });
  return { load, plan: matchImpact ? { ...plan, matchImpact } : plan };
}

/** Sample conversations live beside the config file (`conversations:` in tracker-sync.yaml). */
export function resolveConversationsDir(cwd: string, load: ProjectLoad): string {
  const base = load.configFile ? path.dirname(path.resolve(cwd, load.configFile)) : cwd;
  return path.resolve(base, load.config.conversations);
}
