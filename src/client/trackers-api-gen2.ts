import { buildPath, GEN2, readTrackerListBody, ShapeError, type TrackerListRead } from "../contract/trackers-contract.js";
import { GEN2_DEFAULT_LANGUAGE, type Gen2CreateBody, type Gen2PatchOperation } from "../contract/trackers-gen2.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";
import { buildTrackerPatch, diffFields, readDesiredFields, readLiveFields } from "../plan/build-patch-operations.js";
import { diffVocabulary } from "../plan/build-plan.js";
import { ApiError } from "./api-error.js";
import { createTrackersApi, UnknownOutcomeError, type ApiStats, type CreateTrackersApiOptions } from "./create-trackers-api.js";
import type { TrackersApi } from "./trackers-api.js";

/** The client port for Symbl's generation-2 trackers API: the generation-1 port plus PATCH and full creates. */
export interface TrackersApiGen2 extends TrackersApi {
  readonly generation: 2;
  /** PATCH /v1/manage/trackers/{id} with exactly these operations; the id never changes. */
  patchTracker(id: string, operations: Gen2PatchOperation[]): Promise<LiveTracker>;
  /** POST /v1/manage/trackers with one tracker object (never duplicated when a response is lost). */
  createGen2Tracker(body: Gen2CreateBody): Promise<LiveTracker>;
}

export interface HttpTrackersApiGen2 extends TrackersApiGen2 {
  readonly baseUrl: string;
  stats(): ApiStats;
}

export function isGen2Api(api: TrackersApi): api is TrackersApiGen2 {
  return (api as Partial<TrackersApiGen2>).generation === 2 && typeof (api as Partial<TrackersApiGen2>).patchTracker === "function";
}

/**
 * The HTTP implementation for generation 2. Auth, retries, one request in flight and secret redaction
 * are the generation-1 client's (it is built on its request function); only paths and shapes differ.
 */
export function createTrackersApiGen2(options: CreateTrackersApiOptions): HttpTrackersApiGen2 {
  const http = createTrackersApi(options);
  const listPath = buildPath(GEN2.list);
  const createPath = buildPath(GEN2.createOne);
  const trackerPath = (id: string) => buildPath(GEN2.getOne, { id });

  async function listAccount(): Promise<TrackerListRead> {
    return readAccount(GEN2.list.method, listPath, await http.sendRequest(GEN2.list.method, listPath, undefined, "idempotent"));
  }

  async function listAll(): Promise<LiveTracker[]> {
    return (await listAccount()).trackers;
  }

  async function getOne(id: string): Promise<LiveTracker> {
    const path = trackerPath(id);
    return readWrapped(GEN2.getOne.method, path, await http.sendRequest(GEN2.getOne.method, path, undefined, "idempotent"));
  }

  /** A create whose response was lost: look for the name before sending it again (names are unique). */
  async function createOne(body: Gen2CreateBody): Promise<LiveTracker> {
    for (let round = 1; ; round++) {
      try {
        const tracker = readWrapped("POST", createPath, await http.sendRequest("POST", createPath, body, "create"));
        if (tracker.name !== body.name) throw malformed("POST", createPath, `it returned the tracker "${tracker.name}" for a create of "${body.name}"`);
        return tracker;
      } catch (error) {
        if (!(error instanceof UnknownOutcomeError)) throw error;
        if (round >= http.maxAttempts) {
          throw new ApiError(
            `${error.apiError.message} Gave up after ${round} attempts; run plan again to see which trackers exist.`,
            "POST",
            createPath,
            error.apiError.status,
            error.apiError.serverMessage,
          );
        }
        await http.pauseBeforeRetry(round);
        const found = (await listAll()).find((tracker) => tracker.name === body.name);
        if (found) return found;
      }
    }
  }

  async function patch(id: string, operations: Gen2PatchOperation[]): Promise<LiveTracker> {
    const path = buildPath(GEN2.patch, { id });
    return readWrapped(GEN2.patch.method, path, await http.sendRequest(GEN2.patch.method, path, operations, "idempotent"));
  }

  return {
    generation: 2,
    baseUrl: http.baseUrl,
    stats: () => http.stats(),
    listTrackers: listAll,
    listAccount,
    // No by-name query is shown for generation 2, so the list is filtered here.
    findTrackersByName: async (name) => (await listAll()).filter((tracker) => tracker.name === name),
    getTracker: getOne,
    createTracker: (input) => createOne(toCreateBody(input)),
    createTrackers: async (inputs) => {
      const created: LiveTracker[] = [];
      for (const input of inputs) created.push(await createOne(toCreateBody(input)));
      return created;
    },
    createGen2Tracker: (body) => createOne({ ...body, categories: [...body.categories], languages: [...body.languages], vocabulary: [...body.vocabulary] }),
    patchTracker: (id, operations) =>
      patch(
        id,
        operations.map((operation) => ({ ...operation })),
      ),
    // The port's full-object update: read the tracker, then PATCH only the difference.
    updateTracker: async (tracker) => {
      const current = await getOne(tracker.id);
      const { added, removed } = diffVocabulary(current.vocabulary, tracker.vocabulary);
      const fields = diffFields(readLiveFields(current), { ...readLiveFields(current), ...definedFields(tracker) });
      const body = buildTrackerPatch({ name: tracker.name, from: current.name, added, removed, fields });
      return body.length === 0 ? current : patch(tracker.id, body);
    },
    deleteTracker: async (id) => {
      await http.sendRequest(GEN2.remove.method, buildPath(GEN2.remove, { id }), undefined, "idempotent");
    },
  };
}

function definedFields(tracker: LiveTracker): Partial<ReturnType<typeof readLiveFields>> {
  const fields: Partial<ReturnType<typeof readLiveFields>> = {};
  if (tracker.description !== undefined) fields.description = tracker.description;
  if (tracker.categories !== undefined) fields.categories = [...tracker.categories];
  if (tracker.languages !== undefined) fields.languages = [...tracker.languages];
  return fields;
}

function toCreateBody(input: TrackerInput): Gen2CreateBody {
  const fields = readDesiredFields(input);
  return {
    name: input.name,
    ...(fields.description !== "" ? { description: fields.description } : {}),
    categories: fields.categories,
    languages: fields.languages.length > 0 ? fields.languages : [GEN2_DEFAULT_LANGUAGE],
    vocabulary: [...input.vocabulary],
  };
}

function readWrapped(method: string, path: string, body: unknown): LiveTracker {
  const record = body as Record<string, unknown> | undefined;
  if (!record || typeof record !== "object" || !("tracker" in record)) throw malformed(method, path, 'expected {"tracker": {...}}');
  return readTracker(method, path, record.tracker);
}

/**
 * The list in every shape the contract's reader tolerates ({trackers}, the docs' {tracker}, {} and
 * {trackers: null}), plus the generation-2 fields. Like a missing name, a malformed generation-2 field makes
 * that one tracker unreadable (named by id, never touched), not the whole account.
 */
function readAccount(method: string, path: string, body: unknown): TrackerListRead {
  let read: TrackerListRead;
  try {
    read = readTrackerListBody(body);
  } catch (error) {
    if (error instanceof ShapeError) throw malformed(method, path, error.detail);
    throw error;
  }
  const record = body as Record<string, unknown>;
  const items: unknown[] = Array.isArray(record.trackers) ? record.trackers : record.trackers === undefined && record.tracker !== undefined ? [record.tracker] : [];
  const rawById = new Map<string, Record<string, unknown>>();
  for (const item of items) {
    const raw = item as Record<string, unknown>;
    rawById.set(typeof raw.id === "number" ? String(raw.id) : String(raw.id), raw);
  }
  const account: TrackerListRead = { trackers: [], unreadable: [...read.unreadable] };
  for (const tracker of read.trackers) {
    const fields = readGen2Fields(rawById.get(tracker.id) ?? {});
    if (typeof fields === "string") account.unreadable.push({ id: tracker.id, name: tracker.name, problem: fields });
    else account.trackers.push({ ...tracker, ...fields });
  }
  return account;
}

/** The generation-2 fields of one wire tracker with their defaults, or why they cannot be read. */
function readGen2Fields(raw: Record<string, unknown>): Omit<LiveTracker, "id" | "name" | "vocabulary"> | string {
  const strings = (key: string): string[] | undefined | string => {
    const list = raw[key];
    if (list === undefined || list === null) return undefined;
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) return `has "${key}" that is not a list of strings`;
    return [...list];
  };
  const categories = strings("categories");
  if (typeof categories === "string") return categories;
  const languages = strings("languages");
  if (typeof languages === "string") return languages;
  if (raw.description !== undefined && raw.description !== null && typeof raw.description !== "string") return "has a description that is not a string";
  const fields: Omit<LiveTracker, "id" | "name" | "vocabulary"> = { categories: categories ?? [], languages: languages ?? [GEN2_DEFAULT_LANGUAGE] };
  if (typeof raw.description === "string" && raw.description !== "") fields.description = raw.description;
  if (typeof raw.createdOn === "string") fields.createdOn = raw.createdOn;
  if (typeof raw.updatedOn === "string") fields.updatedOn = raw.updatedOn;
  if (raw.managed === true) fields.managed = true;
  return fields;
}

function readTracker(method: string, path: string, value: unknown): LiveTracker {
  const record = value as Record<string, unknown> | undefined;
  if (!record || typeof record !== "object" || Array.isArray(record)) throw malformed(method, path, "a tracker is not an object");
  if (typeof record.id === "number" && !Number.isSafeInteger(record.id)) throw malformed(method, path, `a tracker id is the number ${record.id}, which cannot be read exactly (ids must be strings)`);
  const id = typeof record.id === "number" ? String(record.id) : record.id;
  if (typeof id !== "string" || id.length === 0) throw malformed(method, path, "a tracker has no string id");
  if (typeof record.name !== "string") throw malformed(method, path, `tracker ${id} has no string name`);
  const name = record.name;
  const strings = (key: string): string[] | undefined => {
    const list = record[key];
    if (list === undefined || list === null) return undefined;
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) throw malformed(method, path, `tracker "${name}" has a "${key}" that is not a list of strings`);
    return [...list];
  };
  const vocabulary = strings("vocabulary");
  if (!vocabulary) throw malformed(method, path, `tracker "${name}" has no list of phrases`);
  if (record.description !== undefined && record.description !== null && typeof record.description !== "string")
    throw malformed(method, path, `tracker "${name}" has a description that is not a string`);
  const tracker: LiveTracker = { id, name, vocabulary, categories: strings("categories") ?? [], languages: strings("languages") ?? [GEN2_DEFAULT_LANGUAGE] };
  if (typeof record.description === "string" && record.description !== "") tracker.description = record.description;
  if (typeof record.createdOn === "string") tracker.createdOn = record.createdOn;
  if (typeof record.updatedOn === "string") tracker.updatedOn = record.updatedOn;
  if (record.managed === true) tracker.managed = true;
  return tracker;
}

function malformed(method: string, path: string, detail: string): ApiError {
  return new ApiError(
    `${method} ${path} returned a response tracker-sync cannot read: ${detail}. Check that SYMBL_API_URL points at a Symbl API of generation 2 (api.generation in tracker-sync.yaml); run plan again before applying.`,
    method,
    path,
    undefined,
    undefined,
  );
}
