import { selectEnvironments } from "../config/resolve-environment.js";
import type { ProjectLoad } from "../load/load-project.js";
import { scopeLoadToEnvironment } from "../pipeline/scope-environment.js";
import type { CommandContext } from "./command-context.js";
import { resolveActionEnvironmentSymbl, type ActionEnvironmentSymbl } from "./environment-origins.js";

export interface PreparedEnvironment {
  /** The project as this environment sees it: its config (origin, credentials, overrides) and its trackers. */
  scoped: ProjectLoad;
  /** Its origin and credentials, as the workflow gives them (missing ones are reported in `missing`). */
  symbl: ActionEnvironmentSymbl;
}

/** The selected environments in apply order, each scoped; nothing resolved yet (a fork's offline plan). */
export function scopeSelectedEnvironments(load: ProjectLoad, context: Pick<CommandContext, "inputs">): ProjectLoad[] {
  return selectEnvironments(load.config, context.inputs.environment ?? "all").map((environment) => scopeLoadToEnvironment(load, environment));
}

/**
 * The selected environments with their origins and credentials, every one resolved (and every secret masked)
 * before the first request of the run, so a refused origin stops the run before any environment is touched.
 */
export function prepareActionEnvironments(load: ProjectLoad, context: Pick<CommandContext, "inputs" | "io" | "processEnv">): PreparedEnvironment[] {
  return scopeSelectedEnvironments(load, context).map((scoped) => {
    const symbl = resolveActionEnvironmentSymbl(scoped.config, context.inputs, context.processEnv ?? {});
    for (const secret of symbl.secrets) context.io.setSecret(secret);
    return { scoped, symbl };
  });
}
