import type { TrackerListRead } from "../contract/trackers-contract.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";

/**
 * The Symbl Trackers Management API (Gen-1) as the rest of the tool sees it. The HTTP implementation
 * handles auth, retries and the one-write-in-flight rule; tests may supply other implementations.
 */
export interface TrackersApi {
  /** Base URL of an HTTP API: where credentials go and what the plan names as its target. */
  readonly baseUrl?: string;
  /** The readable trackers only; see listAccount for the ones the API returned incomplete. */
  listTrackers(): Promise<LiveTracker[]>;
  /**
   * The whole account, with trackers that came back without a usable name or vocabulary listed by id
   * instead of failing the read. Optional so simple test doubles need not implement it.
   */
  listAccount?(): Promise<TrackerListRead>;
  findTrackersByName(name: string): Promise<LiveTracker[]>;
  getTracker(id: string): Promise<LiveTracker>;
  createTracker(input: TrackerInput): Promise<LiveTracker>;
  /** Bulk create; the result keeps the request order. */
  createTrackers(inputs: TrackerInput[]): Promise<LiveTracker[]>;
  /** Full-object PUT. */
  updateTracker(tracker: LiveTracker): Promise<LiveTracker>;
  deleteTracker(id: string): Promise<void>;
}
