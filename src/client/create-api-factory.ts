import type { Config } from "../model/config.js";
import { createEnvironmentApi } from "./create-environment-api.js";
import { createTrackersApi, type CreateTrackersApiOptions } from "./create-trackers-api.js";
import type { TrackersApi } from "./trackers-api.js";

/** A factory for the pipelines: builds the HTTP client once the config (and its `apiUrl`) is known. */
export function createApiFactory(options: Omit<CreateTrackersApiOptions, "apiUrl">): (config: Config) => TrackersApi {
  return (config) => config.environment ? createEnvironmentApi(config, options) : createTrackersApi({ ...options, ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}) });
}
