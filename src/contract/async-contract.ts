import type { Endpoint } from "./trackers-contract.js";

/**
 * The Async Text, Job, Conversation (trackers-detected) and Experience APIs: one definition for the emulator
 * and for any client (tests, the getting-started style client). Sources in docs/emulator.md.
 */
export const ASYNC = {
  /** [DOC] D-text: → 201 `{conversationId, jobId}`. */
  processText: { method: "POST", path: "/v1/process/text", successStatus: 201, write: false },
  /** [DOC] D-text put-text; Symbl's Python sample expects 201. */
  appendText: { method: "PUT", path: "/v1/process/text/{conversationId}", successStatus: 201, write: false },
  /** [DOC] D-job: → `{id, status}`. */
  job: { method: "GET", path: "/v1/job/{jobId}", successStatus: 200, write: false },
  /** [DOC] D-detected: → an array of detections. */
  trackersDetected: { method: "GET", path: "/v1/conversations/{conversationId}/trackers-detected", successStatus: 200, write: false },
  /** [DOC] deprecated name of trackers-detected, same answer. */
  trackersDeprecated: { method: "GET", path: "/v1/conversations/{conversationId}/trackers", successStatus: 200, write: false },
  /** [DOC] D-exp: → `{name, url}`; 201 is [INF]. */
  createExperience: { method: "POST", path: "/v1/conversations/{conversationId}/experiences", successStatus: 201, write: false },
} as const satisfies Record<string, Endpoint>;

export interface ProcessTextResponse {
  conversationId: string;
  jobId: string;
}

/** [DOC] D-job lists four; the emulator never answers `failed` on its own. */
export type JobStatus = "scheduled" | "in_progress" | "completed" | "failed";

export interface JobResponse {
  id: string;
  status: JobStatus;
}

/** [DOC] docs/pre-built-ui/experience-api.md: the three pre-built UIs. */
export const EXPERIENCE_NAMES = ["verbose-text-summary", "video-summary", "audio-summary"] as const;
export type ExperienceName = (typeof EXPERIENCE_NAMES)[number];

export function isExperienceName(value: unknown): value is ExperienceName {
  return typeof value === "string" && (EXPERIENCE_NAMES as readonly string[]).includes(value);
}

/** The documented request options of POST .../experiences (all optional except `name`, and the URL noted). */
export interface ExperienceRequest {
  name: ExperienceName;
  /** Mandatory for audio-summary ([DOC]); the URL given to the Async Audio API. */
  audioUrl?: string;
  /** Used by video-summary ([DOC]). */
  videoUrl?: string;
  logo?: string;
  favicon?: string;
  color?: { background?: string; topicsFilter?: string; insightsFilter?: string };
  /** Pipedream's integration sends `{}` when no family is chosen. */
  font?: { family?: string };
  summaryURLExpiresIn?: number;
  readOnly?: boolean;
  enableCustomDomain?: boolean;
}

export interface ExperienceResponse {
  name: ExperienceName;
  url: string;
}

/**
 * Reads `enableAllTrackers`: [DOC] a boolean; [SDK] Symbl's Python SDK examples send the strings "true" and
 * "false", and the file APIs take it as a query parameter (a string by nature). Returns undefined when absent,
 * or a message when the value is something else.
 */
export function readBooleanFlag(value: unknown, key: string): boolean | undefined | { error: string } {
  if (value === undefined) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lowered = value.trim().toLowerCase();
    if (lowered === "true") return true;
    if (lowered === "false") return false;
  }
  return { error: `'${key}' must be true or false (a boolean, or the string "true" or "false").` };
}
