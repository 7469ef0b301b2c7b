import type { Config } from "../model/config.js";
import { createTrackersApi, type CreateTrackersApiOptions } from "./create-trackers-api.js";
import type { TrackersApi } from "./trackers-api.js";

/** A factory for the pipelines: builds the HTTP client once the config (and its `apiUrl`) is known. */
export function createApiFactory(options: Omit<CreateTrackersApiOptions, "apiUrl">): (config: Config) => TrackersApi {
  return (config) => createTrackersApi({ ...options, ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}) });
}
