import { GEN2_BULK_PATH, GEN2_STATUS, parseGen2PatchBody } from "../contract/trackers-gen2.js";
import type { TrackerInput } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";
import type { ManagementHandler, ManagementRoute } from "./management-routes.js";
import { describeJson, validateTrackerBody } from "./tracker-validation.js";

const GEN2_TRACKER_ID_PATH = /^\/v1\/manage\/trackers\/([^/]+)$/;

/**
 * The generation-2 routes, served next to the generation-1 ones on the same store: the bulk path, and
 * GET, PATCH and DELETE on /v1/manage/trackers/{id}. The single-object POST on /v1/manage/trackers shares
 * its path with the generation-1 bulk create and is dispatched by body shape (see createTrackersByShape).
 */
export function matchGen2Route(method: string, pathname: string): { route: ManagementRoute; params: Record<string, string> } | { allow: string[] } | undefined {
  if (pathname === GEN2_BULK_PATH) {
    if (method === "POST") return { route: { write: true, handle: createBulk }, params: {} };
    return { allow: ["POST"] };
  }
  const byId = GEN2_TRACKER_ID_PATH.exec(pathname);
  if (!byId) return undefined;
  const params = { id: decodePathSegment(byId[1] ?? "") };
  if (method === "GET") return { route: { write: false, handle: getOne }, params };
  if (method === "PATCH") return { route: { write: true, handle: patchOne }, params };
  if (method === "DELETE") return { route: { write: true, handle: deleteOne }, params };
  return { allow: ["GET", "PATCH", "DELETE"] };
}

/** POST /v1/manage/trackers with one object (generation 2): 201 {tracker}. */
export const createOneGen2: ManagementHandler = async ({ body, store }) => {
  const input = validateGen2Body(body, "The request body");
  const [tracker] = await store.create([input], () => "The request", { gen2: true });
  return { status: GEN2_STATUS.create, json: { tracker } };
};

/** POST /v1/manage/trackers/bulk: an array of generation-2 objects, all or none, 201 {trackers}. */
const createBulk: ManagementHandler = async ({ body, store }) => {
  if (!Array.isArray(body)) throw new EmulatorHttpError(400, `Invalid request. Request body must be an array of trackers, got ${describeJson(body)}.`);
  if (body.length === 0) throw new EmulatorHttpError(400, "Invalid request. The array is empty; send at least one tracker.");
  const inputs = body.map((element, index) => validateGen2Body(element, `trackers[${index}]`));
  const trackers = await store.create(inputs, (index) => `trackers[${index}]`, { gen2: true });
  return { status: GEN2_STATUS.create, json: { trackers } };
};

const getOne: ManagementHandler = async ({ params, store }) => {
  const tracker = store.get(params.id ?? "");
  if (!tracker) throw new EmulatorHttpError(404, `No tracker with id ${params.id} exists in this account.`);
  return { status: GEN2_STATUS.read, json: { tracker } };
};

const patchOne: ManagementHandler = async ({ params, body, store }) => {
  const id = params.id ?? "";
  const operations = parseGen2PatchBody(body);
  if (typeof operations === "string") throw new EmulatorHttpError(400, operations);
  if (!store.get(id)) throw new EmulatorHttpError(404, `No tracker with id ${id} exists in this account.`);
  const tracker = await store.patch(id, operations);
  return { status: GEN2_STATUS.patch, json: { tracker } };
};

const deleteOne: ManagementHandler = async ({ params, store }) => {
  const id = params.id ?? "";
  await store.remove(id);
  return { status: GEN2_STATUS.delete, json: { id, type: "tracker", deleted: true } };
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

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

