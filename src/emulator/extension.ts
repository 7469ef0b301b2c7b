import type { LiveTracker } from "../model/tracker.js";

/**
 * The seam between the Trackers Management emulator and the Async/Conversation/Experience API routes.
 * The emulator core authenticates, parses JSON and then offers the request to the extension.
 */
export interface ExtensionRequest {
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export interface ExtensionResponse {
  status: number;
  /** JSON body; ignored when `html` is set. */
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export interface ExtensionContext {
  listTrackers(): LiveTracker[];
  getTracker(id: string): LiveTracker | undefined;
  /** Base URL of the running emulator, e.g. http://127.0.0.1:8787 */
  baseUrl: string;
  now(): number;
  /** Generation 2: "trackers are enabled by default for all conversations" (Symbl's newer docs). */
  detectAllTrackersByDefault?: boolean;
}

/** Returns undefined when the request is not one the extension serves. */
export type ExtensionHandler = (request: ExtensionRequest, context: ExtensionContext) => Promise<ExtensionResponse | undefined>;
