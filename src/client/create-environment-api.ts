import { apiUrlVariableName, buildEnvironmentClientEnv, describeMissingCredentials } from "../config/resolve-environment.js";
import { UserError } from "../errors.js";
import type { Config } from "../model/config.js";
import { createTrackersApi, type CreateTrackersApiOptions } from "./create-trackers-api.js";
import { createTrackersApiGen2 } from "./trackers-api-gen2.js";
import type { TrackersApi } from "./trackers-api.js";

/**
 * The CLI's client for one environment: its credentials from its own variables only, its origin from
 * <NAME>_SYMBL_API_URL, else its `apiUrl`, else the default. The generic SYMBL_* variables are never read
 * here, so one environment's secret cannot reach another's origin.
 */
export function createEnvironmentApi(config: Config, options: Omit<CreateTrackersApiOptions, "apiUrl">): TrackersApi {
  const environment = config.environment;
  if (!environment) throw new Error("createEnvironmentApi needs a config resolved for one environment.");
  const missing = describeMissingCredentials(environment.name, environment.credentials, options.env);
  if (missing) throw new UserError(`Cannot reach the Symbl API: ${missing}`);
  const origin = options.env[apiUrlVariableName(environment.name)]?.trim() || config.apiUrl;
  const clientOptions = { ...options, env: buildEnvironmentClientEnv(environment.credentials, options.env, origin || undefined) };
  return config.api?.generation === 2 ? createTrackersApiGen2(clientOptions) : createTrackersApi(clientOptions);
}
