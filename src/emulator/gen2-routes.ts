import { GEN2, matchPath, toDeleteResponse, toTrackerEnvelope, toTrackerListEnvelope, type Endpoint, type Gen2EndpointName } from "../contract/trackers-contract.js";
import { parseGen2PatchBody } from "../contract/trackers-gen2.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";
import type { ManagementHandler, ManagementRoute } from "./management-routes.js";
import { describeJson, validateTrackerBody } from "./tracker-validation.js";

/** Handlers for the GEN2 endpoints the Gen-1 table does not already serve (list and the object POST share Gen-1 paths). */
const HANDLERS: Partial<Record<Gen2EndpointName, ManagementHandler>> = {
  createMany: async (request) => createBulk(request),
  getOne: async (request) => getOne(request),
  patch: async (request) => patchOne(request),
  remove: async (request) => deleteOne(request),
};

/**
 * The generation-2 routes, served next to the generation-1 ones on the same store, keyed by the
 * contract's GEN2 table. The single-object POST on /v1/manage/trackers shares its path with the Gen-1
 * bulk create and is dispatched there by body shape (createOneGen2).
 */
export function matchGen2Route(method: string, pathname: string): { route: ManagementRoute; params: Record<string, string> } | { allow: string[] } | undefined {
  const allow: string[] = [];
  for (const [name, handle] of Object.entries(HANDLERS) as Array<[Gen2EndpointName, ManagementHandler]>) {
    const endpoint: Endpoint = GEN2[name];
    const params = matchPath(endpoint, pathname);
    if (!params) continue;
    if (endpoint.method === method) return { route: { write: endpoint.write, status: endpoint.successStatus, handle }, params };
    if (!allow.includes(endpoint.method)) allow.push(endpoint.method);
  }
  return allow.length > 0 ? { allow } : undefined;
}

/** POST /v1/manage/trackers with one object (generation 2): {tracker}. */
export const createOneGen2: ManagementHandler = async ({ body, store }) => {
  const input = validateGen2Body(body, "The request body");
  const [tracker] = await store.create([input], () => "The request", { gen2: true });
  return toTrackerEnvelope(tracker as LiveTracker);
};

/** POST /v1/manage/trackers/bulk: an array of generation-2 objects, all or none: {trackers}. */
const createBulk: ManagementHandler = async ({ body, store }) => {
  if (!Array.isArray(body)) throw new EmulatorHttpError(400, `Invalid request. Request body must be an array of trackers, got ${describeJson(body)}.`);
  if (body.length === 0) throw new EmulatorHttpError(400, "Invalid request. The array is empty; send at least one tracker.");
  const inputs = body.map((element, index) => validateGen2Body(element, `trackers[${index}]`));
  const trackers = await store.create(inputs, (index) => `trackers[${index}]`, { gen2: true });
  return toTrackerListEnvelope(trackers);
};

const getOne: ManagementHandler = async ({ params, store }) => {
  const tracker = store.get(params.id ?? "");
  if (!tracker) throw new EmulatorHttpError(404, `No tracker with id ${params.id} exists in this account.`);
  return toTrackerEnvelope(tracker);
};

const patchOne: ManagementHandler = async ({ params, body, store }) => {
  const id = params.id ?? "";
  const operations = parseGen2PatchBody(body);
  if (typeof operations === "string") throw new EmulatorHttpError(400, operations);
  if (!store.get(id)) throw new EmulatorHttpError(404, `No tracker with id ${id} exists in this account.`);
  return toTrackerEnvelope(await store.patch(id, operations));
};

const deleteOne: ManagementHandler = async ({ params, store }) => {
  const id = params.id ?? "";
  await store.remove(id);
  return toDeleteResponse(id);
};

/**
 * A generation-2 create body: name and vocabulary as in generation 1, plus optional description,
 * categories and languages (Symbl's Go SDK always sends the last two; we default them).
 */
function validateGen2Body(body: unknown, where: string): TrackerInput {
  const input = validateTrackerBody(body, where);
  const record = body as Record<string, unknown>;
  if (record.description !== undefined && typeof record.description !== "string") throw new EmulatorHttpError(400, `${where}.description must be a string, got ${describeJson(record.description)}.`);
  const strings = (key: "categories" | "languages"): string[] | undefined => {
    const value = record[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item.trim() !== "")) {
      throw new EmulatorHttpError(400, `${where}.${key} must be an array of non-empty strings, got ${describeJson(value)}.`);
    }
    return [...new Set(value as string[])];
  };
  const categories = strings("categories");
  const languages = strings("languages");
  if (languages !== undefined && languages.length === 0) throw new EmulatorHttpError(400, `${where}.languages must name at least one language, e.g. ["en-US"].`);
  return {
    ...input,
    ...(typeof record.description === "string" ? { description: record.description } : {}),
    ...(categories ? { categories } : {}),
    ...(languages ? { languages } : {}),
  };
}
