import { isGen2Api, type TrackersApiGen2 } from "./trackers-api-gen2.js";
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
    listAccount: 0,
    findTrackersByName: 0,
    getTracker: 0,
    createTracker: 0,
    createTrackers: 0,
    updateTracker: 0,
    deleteTracker: 0,
  };
  // Generation 2 adds PATCH and the full create; they count like the rest.
  const gen2 = { patchTracker: 0, createGen2Tracker: 0 };
  const gen2Methods: Partial<TrackersApiGen2> = isGen2Api(api)
    ? {
        generation: 2,
        patchTracker: (id, operations) => (gen2.patchTracker++, api.patchTracker(id, operations)),
        createGen2Tracker: (body) => (gen2.createGen2Tracker++, api.createGen2Tracker(body)),
      }
    : {};
  return {
    ...(api.baseUrl !== undefined ? { baseUrl: api.baseUrl } : {}),
    ...gen2Methods,
    calls,
    totalCalls: () => [...Object.values(calls), ...Object.values(gen2)].reduce((sum, count) => sum + count, 0),
    listTrackers: () => (calls.listTrackers++, api.listTrackers()),
    ...(api.listAccount ? { listAccount: () => (calls.listAccount++, (api.listAccount as NonNullable<TrackersApi["listAccount"]>)()) } : {}),
    findTrackersByName: (name) => (calls.findTrackersByName++, api.findTrackersByName(name)),
    getTracker: (id) => (calls.getTracker++, api.getTracker(id)),
    createTracker: (input) => (calls.createTracker++, api.createTracker(input)),
    createTrackers: (inputs) => (calls.createTrackers++, api.createTrackers(inputs)),
    updateTracker: (tracker) => (calls.updateTracker++, api.updateTracker(tracker)),
    deleteTracker: (id) => (calls.deleteTracker++, api.deleteTracker(id)),
  };
}
