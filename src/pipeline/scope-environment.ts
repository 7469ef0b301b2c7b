import { resolveEnvironmentConfig, selectEnvironmentTrackers, selectEnvironments } from "../config/resolve-environment.js";
import { UserError } from "../errors.js";
import type { ProjectLoad } from "../load/load-project.js";
import type { EnvironmentConfig } from "../model/config.js";

/** One environment's view of the project: its resolved config and only the trackers that exist there. */
export function scopeLoadToEnvironment(load: ProjectLoad, environment: EnvironmentConfig): ProjectLoad {
  return { ...load, config: resolveEnvironmentConfig(load.config, environment), trackers: selectEnvironmentTrackers(load.trackers, environment.name) };
}

/**
 * The load a single-account command (apply, export, drift, plan of one environment) works on: unchanged
 * without environments, else the one environment `--env` names. `--env all` is refused here.
 */
export function scopeLoadForSingleEnvironment(load: ProjectLoad, requested: string | undefined, command: string): ProjectLoad {
  const selected = selectEnvironments(load.config, requested);
  if (selected.length === 0) return load;
  if (selected.length > 1) {
    throw new UserError(`${command} works on one environment at a time; name it with --env (one of ${selected.map((environment) => `'${environment.name}'`).join(", ")}).`);
  }
  return scopeLoadToEnvironment(load, selected[0]!);
}

/** The `--api-generation` flag (or Action input) over `api.generation`, as planProject applies it. */
export function applyApiGeneration(load: ProjectLoad, generation: 1 | 2 | undefined): ProjectLoad {
  if (generation === undefined) return load;
  const findings = generation === 2 ? load.findings.filter((finding) => finding.rule !== "generation-field-ignored") : load.findings;
  return { ...load, config: { ...load.config, api: { ...load.config.api, generation } }, findings };
}
