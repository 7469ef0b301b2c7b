import type { ExperienceName, JobStatus as ContractJobStatus } from "../../contract/async-contract.js";
import type { MatchSpan } from "../../match/detect-trackers.js";
import type { ConversationMessage } from "../../match/conversation.js";
import type { TrackerDetected } from "../../match/trackers-detected.js";
import type { ExtensionContext } from "../extension.js";

export type JobStatus = Exclude<ContractJobStatus, "failed">;

/** Which trackers a processing request asked for, kept so an append can reuse it. */
export interface TrackerSelection {
  inline: Array<{ name: string; vocabulary: string[] }>;
  ids: string[];
  enableAllTrackers: boolean;
}

/** Detections as of one job: the documented output and the highlight spans behind it. */
export interface DetectionResult {
  detected: TrackerDetected[];
  spans: MatchSpan[];
}

export interface StoredMessage extends ConversationMessage {
  id: string;
}

export interface AsyncJob {
  id: string;
  conversationId: string;
  /** Order of submission within the conversation; the newest completed job's result is visible. */
  sequence: number;
  createdAt: number;
  polls: number;
  /** Detections over all messages up to this job, computed when the job was submitted. */
  result: DetectionResult;
  messageCount: number;
}

export interface AsyncConversation {
  id: string;
  name: string;
  messages: StoredMessage[];
  selection: TrackerSelection;
  jobs: AsyncJob[];
  /** Result of the last submitted job: the base an append merges into. */
  latest: DetectionResult;
}

export interface Experience {
  token: string;
  conversationId: string;
  name: ExperienceName;
  /** The documented media URL (audioUrl for audio-summary, videoUrl for video-summary), shown on the page. */
  mediaUrl?: string;
  createdAt: number;
  /** Epoch ms; null = never expires. */
  expiresAt: number | null;
  colors: { background?: string; topicsFilter?: string; insightsFilter?: string };
  fontFamily?: string;
  logoUrl?: string;
  faviconUrl?: string;
  readOnly: boolean;
}

/** Everything the Async, Job, Conversation and Experience routes remember. In memory only. */
export interface AsyncState {
  conversations: Map<string, AsyncConversation>;
  jobs: Map<string, AsyncJob>;
  experiences: Map<string, Experience>;
}

// One state per running emulator: the emulator passes the same context object to every request, so
// two emulators in one process (tests) never share conversations, jobs or experience URLs.
const states = new WeakMap<ExtensionContext, AsyncState>();

export function getAsyncState(context: ExtensionContext): AsyncState {
  let state = states.get(context);
  if (!state) {
    state = { conversations: new Map(), jobs: new Map(), experiences: new Map() };
    states.set(context, state);
  }
  return state;
}

/**
 * A job advances one step per status poll, or on its own after these many ms (by the emulator clock). A poll
 * never answers `scheduled`: Symbl's getting-started sample (common.js Wait) polls only while the status is
 * `in_progress` and then reads the results, so `scheduled` would make it read before the job finished.
 */
export const JOB_IN_PROGRESS_AFTER_MS = 1_000;
export const JOB_COMPLETED_AFTER_MS = 2_000;

const ORDER: JobStatus[] = ["scheduled", "in_progress", "completed"];

/** The job's status now: the further of its poll-driven stage (polls so far) and its time-driven stage. */
export function getJobStatus(job: AsyncJob, now: number): JobStatus {
  const elapsed = now - job.createdAt;
  const byTime = elapsed >= JOB_COMPLETED_AFTER_MS ? 2 : elapsed >= JOB_IN_PROGRESS_AFTER_MS ? 1 : 0;
  return ORDER[Math.min(2, Math.max(byTime, job.polls))]!;
}

/** What a poll answers (and counts): in_progress at the first poll, completed from the second. */
export function pollJobStatus(job: AsyncJob, now: number): JobStatus {
  job.polls += 1;
  return getJobStatus(job, now);
}

/** What GET trackers-detected shows: the newest completed job's result, or nothing before the first. */
export function getVisibleResult(conversation: AsyncConversation, now: number): DetectionResult | undefined {
  for (let index = conversation.jobs.length - 1; index >= 0; index -= 1) {
    const job = conversation.jobs[index]!;
    if (getJobStatus(job, now) === "completed") return job.result;
  }
  return undefined;
}

/** Forgets every conversation, job and experience URL of one emulator (for POST /__emulator/reset). */
export function resetAsyncState(context: ExtensionContext): void {
  states.delete(context);
}
