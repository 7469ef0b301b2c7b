import path from "node:path";
import type { ProjectLoad } from "../load/load-project.js";
import type { Plan } from "../model/plan.js";
import type { LiveTracker } from "../model/tracker.js";
import { buildPlan } from "../plan/build-plan.js";
import { validateFiles } from "../validate/validate-files.js";
import type { GitHubClient } from "./create-github-client.js";
import { fetchBaseFiles } from "./fetch-base-files.js";

export interface BasePlanOptions {
  load: ProjectLoad;
  /** Working directory of the load; the repository root in the action. */
  cwd: string;
  /** The `path` input, when it overrides the config's paths. */
  path?: string;
  prune?: boolean;
  repo: { owner: string; repo: string };
  baseSha: string;
}

/**
 * The offline plan for a pull request: the base branch's definitions stand in for the live account, so the
 * plan shows what this pull request changes, phrase by phrase, without any Symbl call. The head's config
 * decides where definitions live on both sides.
 */
export async function planAgainstBase(octokit: GitHubClient, options: BasePlanOptions): Promise<Plan> {
  const { load, cwd } = options;
  const baseDirectory = load.configFile ? path.dirname(path.resolve(cwd, load.configFile)) : cwd;
  const targets = options.path ? [path.resolve(cwd, options.path)] : load.config.paths.map((target) => path.resolve(baseDirectory, target));
  const repositoryPaths = targets.map((target) => toPosix(path.relative(cwd, target)));
  const files = await fetchBaseFiles(octokit, options.repo, options.baseSha, repositoryPaths);
  // Base findings are not this pull request's doing; only the trackers the base defines matter here.
  const base = validateFiles(files, load.config);
  return buildPlan({
    desired: load.trackers,
    live: toPseudoLive(base.trackers),
    config: load.config,
    mode: "offline",
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
  });
}

/** Base definitions as if they were live trackers; the ids are synthetic and never sent anywhere. */
export function toPseudoLive(trackers: ProjectLoad["trackers"]): LiveTracker[] {
  return trackers.filter((tracker) => !tracker.retired).map((tracker) => ({ id: `base:${tracker.name}`, name: tracker.name, vocabulary: [...tracker.vocabulary] }));
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join("/");
}
