import type { LiveTracker } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";
import type { PutMode, TrackerStore } from "./tracker-store.js";
import { createOneGen2, matchGen2Route } from "./gen2-routes.js";
import { describeJson, validateTrackerBody } from "./tracker-validation.js";

export interface ManagementRequest {
  params: Record<string, string>;
  searchParams: URLSearchParams;
  body: unknown;
  store: TrackerStore;
  putMode: PutMode;
}

export interface ManagementResult {
  status: number;
  json: unknown;
}

export type ManagementHandler = (request: ManagementRequest) => Promise<ManagementResult>;

export interface ManagementRoute {
  /** Writes take the single write slot and may be dropped after commit. */
  write: boolean;
  handle: ManagementHandler;
}

const TRACKER_ID_PATH = /^\/v1\/manage\/tracker\/([^/]+)$/;

/**
 * The Gen-1 route table. Returns undefined when the path is not a management path at all, or the
 * methods allowed on it when the method does not fit.
 */
export function matchManagementRoute(method: string, pathname: string): { route: ManagementRoute; params: Record<string, string> } | { allow: string[] } | undefined {
  if (pathname === "/v1/manage/tracker") {
    if (method === "POST") return { route: { write: true, handle: createOne }, params: {} };
    // A community UI lists trackers with GET on the singular path; serve it as the list.
    if (method === "GET") return { route: { write: false, handle: listTrackers }, params: {} };
    return { allow: ["GET", "POST"] };
  }
  if (pathname === "/v1/manage/trackers") {
    if (method === "POST") return { route: { write: true, handle: createMany }, params: {} };
    if (method === "GET") return { route: { write: false, handle: listTrackers }, params: {} };
    return { allow: ["GET", "POST"] };
  }
  const gen2 = matchGen2Route(method, pathname);
  if (gen2) return gen2;
  const byId = TRACKER_ID_PATH.exec(pathname);
  if (byId) {
    const params = { id: decodePathSegment(byId[1] ?? "") };
    if (method === "GET") return { route: { write: false, handle: getOne }, params };
    if (method === "PUT") return { route: { write: true, handle: updateOne }, params };
    if (method === "DELETE") return { route: { write: true, handle: deleteOne }, params };
    return { allow: ["GET", "PUT", "DELETE"] };
  }
  return undefined;
}

const createOne: ManagementHandler = async ({ body, store }) => {
  const input = validateTrackerBody(requireBody(body), "The request body");
  const [tracker] = await store.create([input], () => "The request");
  return { status: 201, json: { tracker } };
};

const createMany: ManagementHandler = async (request) => {
  const { body, store } = request;
  const present = requireBody(body);
  // One path, two generations: an object is the generation-2 single create, an array the Gen-1 bulk create.
  if (typeof present === "object" && present !== null && !Array.isArray(present)) return createOneGen2(request);
  if (!Array.isArray(present)) {
    throw new EmulatorHttpError(
      400,
      `Invalid request. Request body must be an array (the Gen-1 bulk create, [{"name", "vocabulary"}, ...]) or one tracker object (the generation-2 create), got ${describeJson(present)}.`,
    );
  }
  if (present.length === 0) throw new EmulatorHttpError(400, "The request body is an empty array; send at least one {\"name\", \"vocabulary\"} object.");
  const inputs = present.map((element, index) => validateTrackerBody(element, `trackers[${index}]`));
  const trackers = await store.create(inputs, (index) => `trackers[${index}]`);
  return { status: 201, json: { trackers } };
};

const listTrackers: ManagementHandler = async ({ searchParams, store }) => {
  const name = searchParams.get("name");
  const trackers: LiveTracker[] = name === null ? store.list() : store.findByName(name);
  return { status: 200, json: { trackers } };
};

const getOne: ManagementHandler = async ({ params, store }) => {
  const tracker = store.get(params.id ?? "");
  if (!tracker) throw new EmulatorHttpError(404, `No tracker with id ${params.id} exists in this account.`);
  return { status: 200, json: { tracker } };
};

const updateOne: ManagementHandler = async ({ params, body, store, putMode }) => {
  const id = params.id ?? "";
  if (!store.get(id)) throw new EmulatorHttpError(404, `No tracker with id ${id} exists in this account.`);
  const present = requireBody(body);
  if (typeof present === "object" && present !== null && !Array.isArray(present)) {
    const record = present as Record<string, unknown>;
    if (!("id" in record)) throw new EmulatorHttpError(400, `The request body has no "id" key; PUT takes the full tracker {"id", "name", "vocabulary"}.`);
    if (record.id !== id) {
      throw new EmulatorHttpError(400, `The body id ${JSON.stringify(record.id)} does not match the id ${id} in the path; send the tracker's own id.`);
    }
  }
  const input = validateTrackerBody(present, "The request body");
  const tracker = await store.update(id, input, putMode);
  return { status: 200, json: { tracker } };
};

const deleteOne: ManagementHandler = async ({ params, store }) => {
  const id = params.id ?? "";
  await store.remove(id);
  return { status: 200, json: { id, type: "tracker", deleted: true } };
};

function requireBody(body: unknown): unknown {
  if (body === undefined) throw new EmulatorHttpError(400, "The request body is empty; send a JSON document with Content-Type: application/json.");
  return body;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape cannot name an existing tracker; keep it raw so the answer is a 404.
    return segment;
  }
}
