import type { LiveTracker, TrackerInput } from "../model/tracker.js";

/**
 * The Symbl Trackers Management API as one definition that both the client (src/client) and the emulator
 * (src/emulator) use: paths, methods, success statuses, request and response shapes, the error body and the
 * tolerant readers for responses. A second API generation adds its own endpoint table beside GEN1 and reuses
 * the shapes below; nothing here knows about HTTP libraries, so it stays pure.
 *
 * Evidence labels (DOC/SDK/INF/UNK) and sources are in docs/emulator.md.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Which generation of the Trackers API an account speaks (see /work/shared/symbl-trackers-api.md §3). */
export type ApiGeneration = "gen1" | "gen2";

export interface Endpoint {
  method: HttpMethod;
  /** Path template; `{name}` is one path segment, percent-encoded when built. */
  path: string;
  /** The status the emulator answers on success. Clients accept any 2xx ([UNK] for most routes). */
  successStatus: number;
  /** Writes share the single write slot (Symbl documents a concurrency of 1 for them). */
  write: boolean;
}

export const TOKEN_ENDPOINT = { method: "POST", path: "/oauth2/token:generate", successStatus: 200, write: false } as const satisfies Endpoint;

/** Gen-1 (2021 to mid-2022): singular `/tracker/{id}` routes, PUT with the full object, bulk create on the plural path. */
export const GEN1 = {
  /** [DOC] D-create: `{name, vocabulary}` → `{tracker}`. 201 is [INF]. */
  createOne: { method: "POST", path: "/v1/manage/tracker", successStatus: 201, write: true },
  /** [DOC] D-create bulk: `[{name, vocabulary}]` → `{trackers}`. 201 is [INF]. */
  createMany: { method: "POST", path: "/v1/manage/trackers", successStatus: 201, write: true },
  /** [DOC] D-get "GET All" and `?name=`: → `{trackers}` (see readTrackerListBody for the other shapes). */
  list: { method: "GET", path: "/v1/manage/trackers", successStatus: 200, write: false },
  /** [SDK] A community UI lists with GET on the singular path; served as the list. */
  listAlias: { method: "GET", path: "/v1/manage/tracker", successStatus: 200, write: false },
  getOne: { method: "GET", path: "/v1/manage/tracker/{id}", successStatus: 200, write: false },
  /** [DOC] D-put: `{id, name, vocabulary}` → `{tracker}`; the vocabulary is appended (PutBehavior). */
  update: { method: "PUT", path: "/v1/manage/tracker/{id}", successStatus: 200, write: true },
  /** [DOC] D-del: → `{id, type: "tracker", deleted: true}`. */
  remove: { method: "DELETE", path: "/v1/manage/tracker/{id}", successStatus: 200, write: true },
} as const satisfies Record<string, Endpoint>;

export type Gen1EndpointName = keyof typeof GEN1;

/**
 * Gen-2 (late 2022 on, [SDK] symbl-go-sdk): plural routes, a single-object create answered with `{tracker}`,
 * and PATCH with JSON-Patch-like operations. Defined here so a Gen-2 client and emulator share it too.
 */
export const GEN2 = {
  list: { method: "GET", path: "/v1/manage/trackers", successStatus: 200, write: false },
  createOne: { method: "POST", path: "/v1/manage/trackers", successStatus: 201, write: true },
  /** [DOC] NEW create-trackers-guide. */
  createMany: { method: "POST", path: "/v1/manage/trackers/bulk", successStatus: 201, write: true },
  getOne: { method: "GET", path: "/v1/manage/trackers/{id}", successStatus: 200, write: false },
  patch: { method: "PATCH", path: "/v1/manage/trackers/{id}", successStatus: 200, write: true },
  remove: { method: "DELETE", path: "/v1/manage/trackers/{id}", successStatus: 200, write: true },
} as const satisfies Record<string, Endpoint>;

export type Gen2EndpointName = keyof typeof GEN2;

/** Builds a concrete path from a template, percent-encoding every parameter. */
export function buildPath(endpoint: Pick<Endpoint, "path">, params: Record<string, string> = {}, query?: Record<string, string>): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Missing path parameter "${key}" for ${endpoint.path}.`);
    return encodeURIComponent(value);
  });
  if (!query || Object.keys(query).length === 0) return path;
  return `${path}?${Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&")}`;
}

/** Matches a request path against a template; returns the decoded parameters, or undefined. */
export function matchPath(endpoint: Pick<Endpoint, "path">, pathname: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = endpoint.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, (_, key: string) => {
    names.push(key);
    return "([^/]+)";
  });
  const match = new RegExp(`^${pattern}$`).exec(pathname);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, index) => [name, decodePathSegment(match[index + 1] ?? "")]));
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape cannot name an existing resource; keep it raw so the answer is a 404.
    return segment;
  }
}

// ---- Shapes on the wire -------------------------------------------------------------------------------

/** Every error body, management and Async/Experience alike. [DOC] D-text 429 shows both keys. */
export interface ErrorBody {
  message: string;
  statusCode: number;
}

export function createErrorBody(statusCode: number, message: string): ErrorBody {
  return { message, statusCode };
}

export interface TokenRequest {
  type: "application";
  appId: string;
  appSecret: string;
}

export interface TokenResponse {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
}

export type CreateTrackerRequest = TrackerInput;
export type BulkCreateRequest = TrackerInput[];
/** [DOC] D-put: the full object; the body id must equal the path id ([INF] 400 otherwise). */
export type UpdateTrackerRequest = LiveTracker;

export interface TrackerEnvelope {
  tracker: LiveTracker;
}

export interface TrackerListEnvelope {
  trackers: LiveTracker[];
}

export interface DeleteTrackerResponse {
  id: string;
  type: "tracker";
  deleted: true;
}

/** [SDK] Gen-2 PATCH body element (symbl-go-sdk); `value` semantics on array paths are [UNK]. */
export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path: "/name" | "/description" | "/categories" | "/languages" | "/vocabulary" | "/excludeVocabulary";
  value?: unknown;
}

export function toTrackerEnvelope(tracker: LiveTracker): TrackerEnvelope {
  return { tracker };
}

export function toTrackerListEnvelope(trackers: LiveTracker[]): TrackerListEnvelope {
  return { trackers };
}

export function toDeleteResponse(id: string): DeleteTrackerResponse {
  return { id, type: "tracker", deleted: true };
}

// ---- PUT semantics ------------------------------------------------------------------------------------

/**
 * How an account's PUT treats the vocabulary. [DOC] D-put's example sends 3 phrases and answers 7 (the 3
 * plus the 4 created earlier), and Symbl's API collection names the request "Append to an existing
 * Tracker": append is the default. Replace is the first draft of the page (D-hist 5117dc4).
 */
export type PutBehavior = "append" | "replace";
export const PUT_BEHAVIORS: readonly PutBehavior[] = ["append", "replace"];
export const DEFAULT_PUT_BEHAVIOR: PutBehavior = "append";

/** The vocabulary a PUT leaves: under append, existing phrases first, then new ones not yet present. */
export function applyPutVocabulary(existing: readonly string[], sent: readonly string[], behavior: PutBehavior): string[] {
  if (behavior === "replace") return [...sent];
  const result = [...existing];
  const present = new Set(existing);
  for (const phrase of sent) {
    if (!present.has(phrase)) {
      result.push(phrase);
      present.add(phrase);
    }
  }
  return result;
}

// ---- Tolerant readers (client side) -------------------------------------------------------------------

/** A live tracker the API returned without a usable name or vocabulary. It is named by its id. */
export interface UnreadableTracker {
  id: string;
  /** Present when the name itself was readable. */
  name?: string;
  problem: string;
}

export interface TrackerListRead {
  trackers: LiveTracker[];
  unreadable: UnreadableTracker[];
}

/** A response that cannot be read at all; the message completes "the response cannot be read: ...". */
export class ShapeError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = "ShapeError";
  }
}

/**
 * Reads a list answer in every shape Symbl documents: `{ "trackers": [...] }` (D-get by name, GO),
 * `{ "tracker": {...} }` (D-get's own "GET All" example), and `{}` or `{ "trackers": null }` for an empty
 * account ([UNK], accepted). Unknown keys are ignored. A tracker without an id makes the whole answer
 * unreadable (nothing could name it); a tracker without a usable name or vocabulary is reported by id.
 */
export function readTrackerListBody(body: unknown): TrackerListRead {
  if (!isRecord(body)) throw new ShapeError(`expected {"trackers": [...]}, got ${describeValue(body)}`);
  let items: unknown[];
  if (Array.isArray(body.trackers)) items = body.trackers;
  else if (body.trackers === null) items = [];
  else if (body.trackers === undefined && body.tracker === undefined) {
    // `{}` is an empty account; a list under another key is not (reading it as empty would hide trackers).
    const listKey = Object.keys(body).find((key) => Array.isArray(body[key]) && (body[key] as unknown[]).some((item) => isRecord(item)));
    if (listKey !== undefined) throw new ShapeError(`expected {"trackers": [...]}, got a list under ${JSON.stringify(listKey)}`);
    items = [];
  } else if (body.trackers === undefined && isRecord(body.tracker)) items = [body.tracker];
  else throw new ShapeError(`expected {"trackers": [...]}, got "trackers": ${describeValue(body.trackers ?? body.tracker)}`);
  const read: TrackerListRead = { trackers: [], unreadable: [] };
  const seenIds = new Set<string>();
  for (const item of items) {
    const result = readTrackerItem(item);
    if (seenIds.has(result.id)) throw new ShapeError(`tracker ${result.id} appears twice in the list`);
    seenIds.add(result.id);
    if ("problem" in result) read.unreadable.push(result);
    else read.trackers.push(result);
  }
  return read;
}

/** Reads `{ "tracker": {...} }` (create, get, PUT answers). Here a missing name or vocabulary is fatal. */
export function readTrackerEnvelope(body: unknown): LiveTracker {
  if (!isRecord(body) || !("tracker" in body)) throw new ShapeError(`expected {"tracker": {...}}, got ${describeValue(body)}`);
  const result = readTrackerItem(body.tracker);
  if ("problem" in result) throw new ShapeError(`tracker ${result.id} ${result.problem}`);
  return result;
}

/** Bulk create answers `{ "trackers": [...] }`; every element must be complete. */
export function readCreatedTrackers(body: unknown): LiveTracker[] {
  const read = readTrackerListBody(body);
  const first = read.unreadable[0];
  if (first) throw new ShapeError(`tracker ${first.id} ${first.problem}`);
  return read.trackers;
}

function readTrackerItem(value: unknown): LiveTracker | UnreadableTracker {
  if (!isRecord(value)) throw new ShapeError(`a tracker is ${describeValue(value)}, not an object`);
  // Ids are digit strings; a numeric id past 2^53 has already lost digits in JSON.parse, and writing to it
  // would hit another tracker, so only exact (safe integer) numbers are read.
  if (typeof value.id === "number" && !Number.isSafeInteger(value.id)) {
    throw new ShapeError(`a tracker id is the number ${value.id}, which cannot be read exactly (ids must be strings)`);
  }
  const id = typeof value.id === "number" ? String(value.id) : value.id;
  if (typeof id !== "string" || id.length === 0) throw new ShapeError("a tracker has no string id");
  const { name, vocabulary } = value;
  const problems: string[] = [];
  if (typeof name !== "string") problems.push(name === undefined ? "has no name" : `has a name that is ${describeValue(name)}, not a string`);
  if (!Array.isArray(vocabulary)) problems.push(vocabulary === undefined ? "has no vocabulary" : `has a vocabulary that is ${describeValue(vocabulary)}, not a list`);
  else if (!vocabulary.every((phrase) => typeof phrase === "string")) problems.push("has a vocabulary entry that is not a string");
  if (problems.length > 0) return { id, ...(typeof name === "string" ? { name } : {}), problem: problems.join(" and ") };
  return { id, name: name as string, vocabulary: [...(vocabulary as string[])] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short, safe description of a JSON value for error messages (never its full content). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (value === undefined) return "nothing";
  return `a ${typeof value}`;
}
