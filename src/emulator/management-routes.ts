import type { LiveTracker } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";
import { GEN1, matchPath, toDeleteResponse, toTrackerEnvelope, toTrackerListEnvelope, type Endpoint, type Gen1EndpointName, type PutBehavior } from "../contract/trackers-contract.js";
import type { TrackerStore } from "./tracker-store.js";
import { createOneGen2, matchGen2Route } from "./gen2-routes.js";
import { describeJson, validateTrackerBody } from "./tracker-validation.js";

export interface ManagementRequest {
  params: Record<string, string>;
  searchParams: URLSearchParams;
  body: unknown;
  store: TrackerStore;
  putBehavior: PutBehavior;
}

/** A handler returns the success body; the status comes from the contract. */
export type ManagementHandler = (request: ManagementRequest) => Promise<unknown>;

export interface ManagementRoute {
  /** Writes take the single write slot and may be dropped after commit. */
  write: boolean;
  /** The contract's success status for this route. */
  status: number;
  handle: ManagementHandler;
}

/**
 * The Gen-1 route table, keyed by the contract's endpoint names so a route cannot exist here without
 * the client knowing its path, method and shapes.
 */
const HANDLERS: Record<Gen1EndpointName, ManagementHandler> = {
  createOne: async (request) => createOne(request),
  createMany: async (request) => createMany(request),
  list: async (request) => listTrackers(request),
  listAlias: async (request) => listTrackers(request),
  getOne: async (request) => getOne(request),
  update: async (request) => updateOne(request),
  remove: async (request) => deleteOne(request),
};

/**
 * Returns undefined when the path is not a management path at all, or the methods allowed on it when
 * the method does not fit.
 */
export function matchManagementRoute(method: string, pathname: string): { route: ManagementRoute; params: Record<string, string> } | { allow: string[] } | undefined {
  const allow: string[] = [];
  for (const [name, endpoint] of Object.entries(GEN1) as Array<[Gen1EndpointName, Endpoint]>) {
    const params = matchPath(endpoint, pathname);
    if (!params) continue;
    if (endpoint.method === method) return { route: { write: endpoint.write, status: endpoint.successStatus, handle: HANDLERS[name] }, params };
    if (!allow.includes(endpoint.method)) allow.push(endpoint.method);
  }
  if (allow.length > 0) return { allow };
  // Generation-2 routes that the Gen-1 table does not already serve (same store, see gen2-routes.ts).
  return matchGen2Route(method, pathname);
}

const createOne: ManagementHandler = async ({ body, store }) => {
  const input = validateTrackerBody(requireBody(body), "The request body");
  const [tracker] = await store.create([input], () => "The request");
  return toTrackerEnvelope(tracker as LiveTracker);
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
  if (present.length === 0) throw new EmulatorHttpError(400, 'The request body is an empty array; send at least one {"name", "vocabulary"} object.');
  const inputs = present.map((element, index) => validateTrackerBody(element, `trackers[${index}]`));
  const trackers = await store.create(inputs, (index) => `trackers[${index}]`);
  return toTrackerListEnvelope(trackers);
};

const listTrackers: ManagementHandler = async ({ searchParams, store }) => {
  const name = searchParams.get("name");
  const trackers: LiveTracker[] = name === null ? store.list() : store.findByName(name);
  return toTrackerListEnvelope(trackers);
};

const getOne: ManagementHandler = async ({ params, store }) => {
  const tracker = store.get(params.id ?? "");
  if (!tracker) throw new EmulatorHttpError(404, `No tracker with id ${params.id} exists in this account.`);
  return toTrackerEnvelope(tracker);
};

const updateOne: ManagementHandler = async ({ params, body, store, putBehavior }) => {
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
  const tracker = await store.update(id, input, putBehavior);
  return toTrackerEnvelope(tracker);
};

const deleteOne: ManagementHandler = async ({ params, store }) => {
  const id = params.id ?? "";
  await store.remove(id);
  return toDeleteResponse(id);
};

function requireBody(body: unknown): unknown {
  if (body === undefined) throw new EmulatorHttpError(400, "The request body is empty; send a JSON document with Content-Type: application/json.");
  return body;
}
