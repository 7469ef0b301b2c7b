import { createTrackersApi, DEFAULT_API_URL } from "../client/create-trackers-api.js";
import type { TrackersApi } from "../client/trackers-api.js";
import { createTrackersApiGen2 } from "../client/trackers-api-gen2.js";
import { UserError } from "../errors.js";
import type { Config } from "../model/config.js";
import type { SymblEnv } from "./symbl-env.js";

/**
 * Where the Action may send Symbl credentials. Only the workflow decides (the `symbl-api-url` input, or
 * SYMBL_API_URL set on the step), else Symbl's own API. `apiUrl` in tracker-sync.yaml is repository content,
 * which a pull request can change, so it may never pick the destination of a secret.
 */
export function resolveTrustedApiUrl(symbl: SymblEnv): string {
  const configured = symbl.env.SYMBL_API_URL;
  if (configured === undefined) return DEFAULT_API_URL;
  const normalised = normaliseApiUrl(configured);
  if (!normalised) throw new UserError(`Input 'symbl-api-url' is '${configured}', which is not an http(s) URL; use e.g. https://api.symbl.ai.`);
  return normalised;
}

/**
 * The API factory for every Action command: refuses a config `apiUrl` that differs from the trusted URL
 * before the client exists, so no request (and no credential) ever leaves for it.
 */
export function createActionApiFactory(symbl: SymblEnv, options: { configFile: string; onSecret: (value: string) => void }): (config: Config) => TrackersApi {
  const trustedApiUrl = resolveTrustedApiUrl(symbl);
  return (config) => {
    assertConfigApiUrlTrusted(config, trustedApiUrl, options.configFile);
    const clientOptions = { env: { ...symbl.env, SYMBL_API_URL: trustedApiUrl }, onSecret: options.onSecret };
    return config.api?.generation === 2 ? createTrackersApiGen2(clientOptions) : createTrackersApi(clientOptions);
  };
}

/** Throws when the config names an API other than the trusted one; the same URL written differently is fine. */
export function assertConfigApiUrlTrusted(config: Config, trustedApiUrl: string, configFile: string): void {
  if (config.apiUrl === undefined || config.apiUrl.trim() === "") return;
  if (normaliseApiUrl(config.apiUrl) === normaliseApiUrl(trustedApiUrl)) return;
  throw new UserError(
    `${configFile} sets apiUrl: ${JSON.stringify(config.apiUrl)}, but in the Action Symbl credentials go only to the API the workflow names (the symbl-api-url input, now ${trustedApiUrl}). ` +
      `The config file is repository content that a pull request can change, so it cannot choose where credentials are sent; nothing was sent. ` +
      `Remove apiUrl from ${configFile}, or, if that API is trusted, set the step's symbl-api-url input to it.`,
  );
}

/** Lower-case scheme and host, default port dropped, no trailing slash; undefined when not an http(s) URL. */
export function normaliseApiUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
