import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ProjectLoad } from "../load/load-project.js";
import { cloneDefaults, parseConfig } from "../config/parse-config.js";
import { CONFIG_FILE_NAME } from "../model/config.js";
import type { OfflineScope, Plan } from "../model/plan.js";
import { sortedUnique } from "../plan/fingerprint.js";
import { diffGuardedSettings, pickGuardedSettings } from "../plan/guarded-settings.js";
import type { LiveTracker } from "../model/tracker.js";
import { resolveConfigDirectory } from "../load/project-paths.js";
import { attachMatchImpact } from "../pipeline/attach-match-impact.js";
import { readDesiredFields } from "../plan/build-patch-operations.js";
import { buildPlanForGeneration } from "../plan/build-plan-gen2.js";
import { validateFiles } from "../validate/validate-files.js";
import { resolveEnvironmentConfig, selectEnvironmentTrackers } from "../config/resolve-environment.js";
import type { GitHubClient } from "./create-github-client.js";
import { reconstructBaseFiles } from "./reconstruct-base-files.js";

const DEFINITION_FILE = /\.ya?ml$/i;

export interface BasePlanOptions {
  load: ProjectLoad;
  /** Working directory of the load: the repository root in the action. */
  cwd: string;
  /** The `path` input, when it overrides the config's paths. */
  path?: string;
  /** The `config` input; default tracker-sync.yaml. */
  configPath?: string;
  prune?: boolean;
  /** The `api-generation` input, when it overrides the config's `api.generation`. */
  apiGeneration?: 1 | 2;
  repo: { owner: string; repo: string };
  pullNumber: number;
  baseSha: string;
}

/**
 * The offline plan for a pull request: the base branch's definitions stand in for the live account, so the
 * plan shows what this pull request changes, phrase by phrase, without any Symbl call. The head's config
 * decides where definitions live on both sides.
 */
export async function planAgainstBase(octokit: GitHubClient, options: BasePlanOptions): Promise<Plan> {
  const { cwd } = options;
  const load = options.apiGeneration === undefined ? options.load : { ...options.load, config: { ...options.load.config, api: { ...options.load.config.api, generation: options.apiGeneration } } };
  const configDirectory = resolveConfigDirectory(cwd, load.configFile);
  const targets = options.path ? [path.resolve(cwd, options.path)] : load.config.paths.map((target) => path.resolve(configDirectory, target));
  const roots = targets.map((target) => toRepositoryPath(cwd, target)).filter((root): root is string => root !== undefined);

  const configPath = toRepositoryPath(cwd, path.resolve(cwd, options.configPath ?? CONFIG_FILE_NAME));
  const headFiles = new Map<string, string>();
  for (const file of load.files) {
    const repositoryPath = toRepositoryPath(cwd, path.resolve(cwd, file));
    if (repositoryPath !== undefined) headFiles.set(repositoryPath, await readFile(path.resolve(cwd, file), "utf8"));
  }
  // The config travels with the definitions, so a pull request that loosens prune or guards is seen too.
  if (configPath !== undefined && load.configFile !== undefined) headFiles.set(configPath, await readFile(path.resolve(cwd, load.configFile), "utf8"));
  const baseFiles = await reconstructBaseFiles(octokit, {
    repo: options.repo,
    pullNumber: options.pullNumber,
    baseSha: options.baseSha,
    headFiles,
    isDefinitionPath: (candidate) => candidate === configPath || isUnderRoots(candidate, roots),
  });
  const baseConfigFile = baseFiles.find((file) => file.path === configPath);
  const baseConfig = baseConfigFile ? parseConfig(baseConfigFile.path, baseConfigFile.content).config : cloneDefaults();
  const files = baseFiles.filter((file) => file !== baseConfigFile);
  // Base findings are not this pull request's doing; only the trackers the base defines matter here.
  // For one environment, both sides count only that environment's trackers and its resolved settings.
  const environment = load.config.environment?.name;
  const baseTrackers = validateFiles(files, load.config).trackers;
  const live = toPseudoLive(environment !== undefined ? selectEnvironmentTrackers(baseTrackers, environment) : baseTrackers, load.config.api?.generation === 2);
  const baseEnvironment = environment !== undefined ? baseConfig.environments?.find((candidate) => candidate.name === environment) : undefined;
  const baseSettings = baseEnvironment ? resolveEnvironmentConfig(baseConfig, baseEnvironment) : baseConfig;
  const prune = options.prune !== undefined ? { prune: options.prune } : {};
  const plan = buildPlanForGeneration({ desired: load.trackers, live, config: load.config, mode: "offline", ...prune });
  const overrides = { ...prune, ...(options.path !== undefined ? { path: options.path } : {}) };
  const offlineScope: OfflineScope = {
    retiredNames: sortedUnique(load.trackers.filter((tracker) => tracker.retired).map((tracker) => tracker.name)),
    settingChanges: diffGuardedSettings(pickGuardedSettings(baseSettings, overrides), pickGuardedSettings(load.config, overrides)),
  };
  // Same match impact as the live plan (planProject), on the sample conversations in the checkout.
  return attachMatchImpact({ ...plan, offlineScope }, { cwd, load, live });
}

/** Base definitions as if they were live trackers; the ids are synthetic and never sent anywhere. */
export function toPseudoLive(trackers: ProjectLoad["trackers"], withGen2Fields = false): LiveTracker[] {
  return trackers
    .filter((tracker) => !tracker.retired)
    .map((tracker) => ({ id: `base:${tracker.name}`, name: tracker.name, vocabulary: [...tracker.vocabulary], ...(withGen2Fields ? readDesiredFields(tracker) : {}) }));
}

/** A named file counts whatever its extension; a directory contributes its YAML files, as the loader reads them. */
export function isUnderRoots(candidate: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    if (candidate === root) return true;
    const inside = root === "" || candidate.startsWith(`${root}/`);
    if (!inside || !DEFINITION_FILE.test(candidate)) return false;
    const rest = root === "" ? candidate : candidate.slice(root.length + 1);
    // The loader skips hidden directories and node_modules; so does the base side.
    return !rest
      .split("/")
      .slice(0, -1)
      .some((part) => part.startsWith(".") || part === "node_modules");
  });
}

function toRepositoryPath(cwd: string, absolute: string): string | undefined {
  const relative = path.relative(cwd, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join("/");
}
