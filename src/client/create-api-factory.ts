import type { Config } from "../model/config.js";
import { createEnvironmentApi } from "./create-environment-api.js";
import { createTrackersApi, type CreateTrackersApiOptions } from "./create-trackers-api.js";
import { createTrackersApiGen2 } from "./trackers-api-gen2.js";
import type { TrackersApi } from "./trackers-api.js";

/**
 * A factory for the pipelines: builds the HTTP client once the config (its `apiUrl` and `api.generation`)
 * is known.
 */
export function createApiFactory(options: Omit<CreateTrackersApiOptions, "apiUrl">): (config: Config) => TrackersApi {
  return (config) => {
    // One environment: its own credentials and origin (create-environment-api.ts), never the generic ones.
    if (config.environment) return createEnvironmentApi(config, options);
    const clientOptions = { ...options, ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}) };
    return config.api?.generation === 2 ? createTrackersApiGen2(clientOptions) : createTrackersApi(clientOptions);
  };
}
