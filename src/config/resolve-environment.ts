import type { Config, EnvironmentConfig, EnvironmentCredentials } from "../model/config.js";
import type { TrackerDefinition } from "../model/tracker.js";
import { UserError } from "../errors.js";

/** `--env all` and the Action's `environment: all`: every environment, in the configured order. */
export const ALL_ENVIRONMENTS = "all";

/** `staging` reads STAGING_SYMBL_APP_ID, STAGING_SYMBL_APP_SECRET and STAGING_SYMBL_ACCESS_TOKEN by default. */
export function defaultCredentialNames(environment: string): EnvironmentCredentials {
  const prefix = environmentVariablePrefix(environment);
  return { appId: `${prefix}_SYMBL_APP_ID`, appSecret: `${prefix}_SYMBL_APP_SECRET`, accessToken: `${prefix}_SYMBL_ACCESS_TOKEN` };
}

/** The variable that may name an environment's API origin outside the config file, e.g. STAGING_SYMBL_API_URL. */
export function apiUrlVariableName(environment: string): string {
  return `${environmentVariablePrefix(environment)}_SYMBL_API_URL`;
}

function environmentVariablePrefix(environment: string): string {
  return environment.toUpperCase().replace(/-/g, "_");
}

export function hasEnvironments(config: Config): boolean {
  return (config.environments?.length ?? 0) > 0;
}

/**
 * The environments a `--env` value selects, in the configured (apply) order. A repository without
 * `environments:` accepts no --env at all, so a typo can never fall back to the single account.
 */
export function selectEnvironments(config: Config, requested: string | undefined): EnvironmentConfig[] {
  const environments = config.environments ?? [];
  if (requested === undefined) {
    if (environments.length === 0) return [];
    throw new UserError(`tracker-sync.yaml defines the environments ${describeNames(environments)}; choose one with --env NAME (or --env all where the command allows it).`);
  }
  if (environments.length === 0) {
    throw new UserError(`--env ${requested} was given, but tracker-sync.yaml defines no environments. Add an 'environments:' list or drop --env.`);
  }
  if (requested === ALL_ENVIRONMENTS) return [...environments];
  const found = environments.find((environment) => environment.name === requested);
  if (!found) throw new UserError(`Unknown environment '${requested}'. tracker-sync.yaml defines ${describeNames(environments)}.`);
  return [found];
}

/** The Config one environment's plan uses: its origin, prune, ownership and guards over the top level. */
export function resolveEnvironmentConfig(config: Config, environment: EnvironmentConfig): Config {
  const resolved: Config = {
    ...config,
    prune: environment.prune ?? config.prune,
    ownership: { ...config.ownership, ...(environment.ownership ?? {}) },
    guards: { ...config.guards, ...(environment.guards ?? {}) },
    environment: { name: environment.name, credentials: { ...environment.credentials } },
  };
  delete resolved.apiUrl;
  if (environment.apiUrl !== undefined) resolved.apiUrl = environment.apiUrl;
  return resolved;
}

/** Whether a tracker exists in an environment: listed there, or not restricted at all. */
export function isInEnvironment(tracker: Pick<TrackerDefinition, "environments">, environment: string): boolean {
  return tracker.environments === undefined || tracker.environments.includes(environment);
}

/** The definitions one environment's plan compares with its account. */
export function selectEnvironmentTrackers(trackers: readonly TrackerDefinition[], environment: string): TrackerDefinition[] {
  return trackers.filter((tracker) => isInEnvironment(tracker, environment));
}

/**
 * The variables the client reads, built from this environment's own credential variables only: a
 * generic SYMBL_APP_SECRET (or another environment's) can never reach this environment's origin.
 */
export function buildEnvironmentClientEnv(credentials: EnvironmentCredentials, source: Record<string, string | undefined>, apiUrl: string | undefined): Record<string, string | undefined> {
  return {
    SYMBL_APP_ID: nonEmpty(source[credentials.appId]),
    SYMBL_APP_SECRET: nonEmpty(source[credentials.appSecret]),
    SYMBL_ACCESS_TOKEN: nonEmpty(source[credentials.accessToken]),
    SYMBL_API_URL: apiUrl,
  };
}

/** Why an environment cannot be planned for want of credentials, or undefined when they are present. */
export function describeMissingCredentials(environment: string, credentials: EnvironmentCredentials, source: Record<string, string | undefined>): string | undefined {
  const has = (name: string) => Boolean(nonEmpty(source[name]));
  if (has(credentials.accessToken) || (has(credentials.appId) && has(credentials.appSecret))) return undefined;
  const missing = [credentials.appId, credentials.appSecret].filter((name) => !has(name));
  return `no credentials for environment '${environment}': ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set (or set ${credentials.accessToken}).`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function describeNames(environments: readonly EnvironmentConfig[]): string {
  return environments.map((environment) => `'${environment.name}'`).join(", ");
}
