import type { TrackersApi } from "./trackers-api.js";

type TrackersApiMethod = Exclude<keyof TrackersApi, "baseUrl">;

export interface CountingTrackersApi extends TrackersApi {
  /** Calls made through this wrapper, by method. */
  readonly calls: Record<TrackersApiMethod, number>;
  totalCalls(): number;
}

/** Wraps an API and counts the calls made through it (benchmarks, tests and the apply result). */
export function countingApi(api: TrackersApi): CountingTrackersApi {
  const calls: Record<TrackersApiMethod, number> = {
    listTrackers: 0,
    findTrackersByName: 0,
    getTracker: 0,
    createTracker: 0,
    createTrackers: 0,
    updateTracker: 0,
    deleteTracker: 0,
  };
  return {
    ...(api.baseUrl !== undefined ? { baseUrl: api.baseUrl } : {}),
    calls,
    totalCalls: () => Object.values(calls).reduce((sum, count) => sum + count, 0),
    listTrackers: () => (calls.listTrackers++, api.listTrackers()),
    findTrackersByName: (name) => (calls.findTrackersByName++, api.findTrackersByName(name)),
    getTracker: (id) => (calls.getTracker++, api.getTracker(id)),
    createTracker: (input) => (calls.createTracker++, api.createTracker(input)),
    createTrackers: (inputs) => (calls.createTrackers++, api.createTrackers(inputs)),
    updateTracker: (tracker) => (calls.updateTracker++, api.updateTracker(tracker)),
    deleteTracker: (id) => (calls.deleteTracker++, api.deleteTracker(id)),
  };
}
