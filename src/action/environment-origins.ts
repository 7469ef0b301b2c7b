import { ALL_ENVIRONMENTS, apiUrlVariableName, buildEnvironmentClientEnv, defaultCredentialNames, describeMissingCredentials } from "../config/resolve-environment.js";
import { checkCredentialUrl } from "../client/check-credential-url.js";
import { DEFAULT_API_URL } from "../client/create-trackers-api.js";
import { UserError } from "../errors.js";
import type { Config, EnvironmentCredentials } from "../model/config.js";
import { normaliseApiUrl } from "./api-origin.js";
import type { ActionInputs } from "./inputs.js";

/** One environment's client settings in the Action, every part of them from the workflow. */
export interface ActionEnvironmentSymbl {
  /** What createTrackersApi reads: this environment's credentials and origin, nothing else. */
  env: Record<string, string | undefined>;
  origin: string;
  /** Why there are no credentials, or undefined when there are. */
  missing?: string;
  secrets: string[];
}

/** Parses `symbl-api-urls`: one `name=https://origin` per line; blank lines and `#` comments are skipped. */
export function parseApiUrlLines(text: string | undefined): Map<string, string> {
  const origins = new Map<string, string>();
  for (const [index, raw] of (text ?? "").split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-z][a-z0-9_-]*)\s*=\s*(\S+)$/.exec(line);
    if (!match) throw new UserError(`Input 'symbl-api-urls' line ${index + 1} is not 'name=https://origin'. Write one environment per line, e.g. 'staging=https://api.symbl.ai'.`);
    if (origins.has(match[1]!)) throw new UserError(`Input 'symbl-api-urls' names environment '${match[1]}' twice; keep one line per environment.`);
    origins.set(match[1]!, match[2]!);
  }
  return origins;
}

/**
 * The review gate per environment. Pull requests can change tracker-sync.yaml, so in the Action the origin
 * an environment's credentials go to comes only from the workflow: the `symbl-api-urls` line for it, the
 * `symbl-api-url` input of a job that runs this one environment, or the <NAME>_SYMBL_API_URL variable the
 * workflow sets; else https://api.symbl.ai. A config `apiUrl` that differs is refused before any request.
 * Credentials come from <NAME>_SYMBL_APP_ID/_APP_SECRET/_ACCESS_TOKEN (or, in a one-environment job, the
 * symbl-app-id/symbl-app-secret inputs); a config naming other variables is refused, so a pull request
 * cannot point one environment at another's secrets.
 */
export function resolveActionEnvironmentSymbl(config: Config, inputs: ActionInputs, processEnv: Record<string, string | undefined>): ActionEnvironmentSymbl {
  const environment = config.environment;
  if (!environment) throw new Error("resolveActionEnvironmentSymbl needs a config resolved for one environment.");
  const name = environment.name;
  const single = inputs.environment !== undefined && inputs.environment !== ALL_ENVIRONMENTS;
  const fromLines = parseApiUrlLines(inputs.symblApiUrls).get(name);
  const fromVariable = processEnv[apiUrlVariableName(name)]?.trim() || undefined;
  const trusted = fromLines ?? (single ? inputs.symblApiUrl : undefined) ?? fromVariable ?? DEFAULT_API_URL;
  const origin = normalizeOrigin(trusted, `the workflow's origin for environment '${name}'`);
  if (config.apiUrl !== undefined && normalizeOrigin(config.apiUrl, `environments.${name}.apiUrl in tracker-sync.yaml`) !== origin) {
    throw new UserError(
      `Refused before sending any credential: tracker-sync.yaml sets the apiUrl of environment '${name}' to ${config.apiUrl}, but the workflow sends its credentials to ${origin}. The config file can be changed by a pull request, so it cannot choose where secrets go: set the origin in the workflow (symbl-api-urls: '${name}=${config.apiUrl}' or ${apiUrlVariableName(name)}) or remove apiUrl from the config.`,
    );
  }
  // Plain http to another machine is refused here too, before the first environment's request, not only when
  // that environment's client is built (an earlier environment would have been applied by then).
  checkCredentialUrl(origin, `the workflow's origin for environment '${name}'`);
  const conventional = defaultCredentialNames(name);
  for (const field of ["appId", "appSecret", "accessToken"] as const) {
    if (environment.credentials[field] !== conventional[field]) {
      throw new UserError(
        `In the Action, environment '${name}' reads its credentials from ${conventional.appId}, ${conventional.appSecret} or ${conventional.accessToken} only (a pull request must not be able to point it at other secrets), but tracker-sync.yaml names ${environment.credentials[field]} for ${field}. Set the conventional variables in the workflow (any secret can feed them) or remove credentials: from the config.`,
      );
    }
  }
  const source: Record<string, string | undefined> = { ...pickVariables(processEnv, conventional) };
  if (single && (inputs.symblAppId || inputs.symblAppSecret)) {
    source[conventional.appId] = inputs.symblAppId;
    source[conventional.appSecret] = inputs.symblAppSecret;
  }
  const env = buildEnvironmentClientEnv(conventional, source, origin);
  const missing = describeMissingCredentials(name, conventional, source);
  const secrets = [env.SYMBL_APP_ID, env.SYMBL_APP_SECRET, env.SYMBL_ACCESS_TOKEN].filter((value): value is string => Boolean(value));
  return { env, origin, secrets, ...(missing ? { missing } : {}) };
}

/**
 * The generic inputs name one account; they must not be shared by several environments. Checked once, before
 * any environment runs.
 */
export function checkGenericCredentialInputs(inputs: ActionInputs): void {
  const single = inputs.environment !== undefined && inputs.environment !== ALL_ENVIRONMENTS;
  if (!single && (inputs.symblAppId || inputs.symblAppSecret || inputs.symblApiUrl)) {
    throw new UserError(
      "The symbl-app-id, symbl-app-secret and symbl-api-url inputs hold one account's settings, but this run covers every environment. Run one job per environment with 'environment: NAME', or pass <NAME>_SYMBL_APP_ID and <NAME>_SYMBL_APP_SECRET as step env and origins in symbl-api-urls.",
    );
  }
}

function pickVariables(source: Record<string, string | undefined>, names: EnvironmentCredentials): Record<string, string | undefined> {
  return Object.fromEntries(Object.values(names).map((name) => [name, source[name]]));
}

/** The same normalisation as the single-account rule (api-origin.ts), with a message naming where the URL came from. */
function normalizeOrigin(value: string, where: string): string {
  const normalised = normaliseApiUrl(value);
  if (!normalised) throw new UserError(`${where} is '${value}', which is not an http(s) base URL (no user, query or fragment). Use e.g. https://api.symbl.ai.`);
  return normalised;
}
