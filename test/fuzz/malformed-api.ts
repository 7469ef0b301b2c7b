import fc from "fast-check";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import type { TrackerListRead } from "../../src/contract/trackers-contract.js";
import { DEFAULT_CONFIG } from "../../src/model/config.js";
import type { LiveTracker, TrackerDefinition } from "../../src/model/tracker.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { buildPlanGen2 } from "../../src/plan/build-plan-gen2.js";
import { createTrackersApiGen2 } from "../../src/client/trackers-api-gen2.js";
import { hasStackTrace } from "./hostile-files.js";

export interface FakeResponse {
  status: number;
  contentType: string;
  body: string | Uint8Array;
  /** Send fewer bytes than Content-Length promises, then cut the connection. */
  truncateTo?: number;
}

export interface FakeApi {
  url: string;
  respondWith(response: FakeResponse): void;
  close(): Promise<void>;
}

/** A tiny Symbl look-alike: a valid token, then whatever list response the case wants. */
export async function startFakeApi(): Promise<FakeApi> {
  let current: FakeResponse = { status: 200, contentType: "application/json", body: '{"trackers":[]}' };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url === "/oauth2/token:generate") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ accessToken: "fuzz-token-value", expiresIn: 86_400 }));
        return;
      }
      const bytes = Buffer.from(current.body);
      response.writeHead(current.status, { "content-type": current.contentType, "content-length": bytes.length });
      if (current.truncateTo !== undefined && current.truncateTo < bytes.length) {
        response.write(bytes.subarray(0, current.truncateTo), () => response.destroy());
        return;
      }
      response.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    respondWith: (response) => void (current = response),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const validTracker = fc.record({
  id: fc.bigInt({ min: 1n, max: 9_999_999_999_999_999n }).map(String),
  name: fc.constantFrom("Billing Issue", "Refund", "Cancel", "Upgrade", "Other"),
  vocabulary: fc.uniqueArray(fc.constantFrom("charged twice", "wrong invoice", "refund please", "money back", "cancel now"), { minLength: 1, maxLength: 5 }),
});
const validList = fc.uniqueArray(validTracker, { selector: (tracker) => tracker.name, maxLength: 5 });

const HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

/** Responses to GET /v1/manage/trackers: some valid, most not. */
export const malformedListResponse: fc.Arbitrary<FakeResponse> = fc.oneof(
  validList.map((trackers) => ({ status: 200, contentType: "application/json", body: JSON.stringify({ trackers }) })),
  // Bad JSON and non-JSON bodies.
  fc.string({ maxLength: 200 }).map((body) => ({ status: 200, contentType: "application/json", body })),
  fc.uint8Array({ maxLength: 200 }).map((body) => ({ status: 200, contentType: "application/json", body })),
  fc.constantFrom(200, 404, 500, 502, 503, 504).map((status) => ({ status, contentType: "text/html", body: HTML_PAGE })),
  fc.constant({ status: 200, contentType: "application/json", body: "" }),
  // Truncated bodies: cut in the JSON text, or on the wire (fewer bytes than Content-Length).
  fc.tuple(validList, fc.nat()).map(([trackers, at]) => {
    const body = JSON.stringify({ trackers });
    return { status: 200, contentType: "application/json", body: body.slice(0, at % body.length) };
  }),
  fc.tuple(validList, fc.nat()).map(([trackers, at]) => {
    const body = JSON.stringify({ trackers });
    return { status: 200, contentType: "application/json", body, truncateTo: at % body.length };
  }),
  // Wrong shapes: any JSON value, or a list with fields of the wrong type or missing.
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ status: 200, contentType: "application/json", body: JSON.stringify(value) })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ status: 200, contentType: "application/json", body: JSON.stringify({ trackers: value }) })),
  fc
    .tuple(
      validList.filter((list) => list.length > 0),
      fc.nat(),
      fc.constantFrom("id", "name", "vocabulary"),
      fc.jsonValue({ maxDepth: 2 }),
      fc.boolean(),
    )
    .map(([trackers, index, field, value, remove]) => {
      const damaged: Array<Record<string, unknown>> = trackers.map((tracker) => ({ ...tracker }));
      const target = damaged[index % damaged.length] as Record<string, unknown>;
      if (remove) delete target[field];
      else target[field] = value;
      return { status: 200, contentType: "application/json", body: JSON.stringify({ trackers: damaged }) };
    }),
  // Ids as numbers: small ones are exact; ids beyond 2^53 cannot survive JSON.parse.
  fc
    .tuple(
      validList.filter((list) => list.length > 0),
      fc.boolean(),
    )
    .map(([trackers, huge]) => ({
      status: 200,
      contentType: "application/json",
      body: `{"trackers":[${trackers.map((tracker, index) => `{"id":${huge ? `${9_007_199_254_740_993n + BigInt(index * 2)}` : index + 1},"name":${JSON.stringify(tracker.name)},"vocabulary":${JSON.stringify(tracker.vocabulary)}}`).join(",")}]}`,
    })),
  // Valid JSON behind a wrong content type.
  validList.map((trackers) => ({ status: 200, contentType: "text/plain", body: JSON.stringify({ trackers }) })),
);

/** What a correct client must read from a body (trackers, and the incomplete ones by id), or undefined when it must refuse it. */
export function interpretListBody(response: FakeResponse): { trackers: LiveTracker[]; unreadable: Array<{ id: string; name?: string }> } | undefined {
  if (response.status < 200 || response.status >= 300 || response.truncateTo !== undefined) return undefined;
  const text = Buffer.from(response.body).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isObject = (item: unknown): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item);
  if (!isObject(value)) return undefined;
  // Documented shapes: {trackers: [...]}, the docs' {tracker: {...}}, and {} or {trackers: null} for an empty account.
  let items: unknown[];
  if (Array.isArray(value.trackers)) items = value.trackers;
  else if (value.trackers === null) items = [];
  else if (value.trackers === undefined && isObject(value.tracker)) items = [value.tracker];
  else if (value.trackers === undefined && value.tracker === undefined) {
    if (Object.values(value).some((field) => Array.isArray(field) && field.some(isObject))) return undefined;
    items = [];
  } else return undefined;
  const trackers: LiveTracker[] = [];
  const unreadable: Array<{ id: string; name?: string }> = [];
  const ids = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) return undefined;
    const { id, name, vocabulary } = item;
    const idText = typeof id === "number" && Number.isSafeInteger(id) ? String(id) : id;
    if (typeof idText !== "string" || idText.length === 0 || ids.has(idText)) return undefined;
    ids.add(idText);
    const phrasesOk = Array.isArray(vocabulary) && vocabulary.every((phrase) => typeof phrase === "string");
    if (typeof name === "string" && phrasesOk) trackers.push({ id: idText, name, vocabulary: vocabulary as string[] });
    else unreadable.push({ id: idText, ...(typeof name === "string" ? { name } : {}) });
  }
  return { trackers, unreadable };
}

const DESIRED: TrackerDefinition[] = [
  {
    name: "Billing Issue",
    vocabulary: ["charged twice", "wrong invoice"],
    previousNames: ["Refund"],
    retired: false,
    source: { file: "trackers/billing.yaml", documentIndex: 0, name: { file: "trackers/billing.yaml", line: 1, column: 7 }, phrases: [] },
  },
];

/** Lists the account through the real client and plans; checks the plan is right or the error is clear. */
export async function checkListResponse(fake: FakeApi, response: FakeResponse): Promise<string[]> {
  fake.respondWith(response);
  const api = createTrackersApi({
    env: { SYMBL_API_URL: fake.url, SYMBL_APP_ID: "fuzz-app", SYMBL_APP_SECRET: "fuzz-secret-value" },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => {},
    timeoutMs: 5_000,
  });
  const expected = interpretListBody(response);
  let account: TrackerListRead;
  try {
    account = await (api.listAccount as NonNullable<typeof api.listAccount>)();
  } catch (error) {
    const message = (error as Error).message;
    const problems: string[] = [];
    if (expected !== undefined) problems.push(`a readable list was refused: ${message}`);
    if (!message.includes("/v1/manage/trackers")) problems.push(`the error does not name the request: ${message}`);
    if (hasStackTrace(message) || message.length > 600) problems.push(`the error is not a clear sentence: ${message}`);
    if (message.includes("fuzz-secret-value") || message.includes("fuzz-token-value")) problems.push(`the error shows a secret: ${message}`);
    return problems;
  }
  if (expected === undefined)
    return [
      `a plan would be built from a malformed response (status ${response.status}, ${JSON.stringify(Buffer.from(response.body).toString("utf8").slice(0, 200))}): read ${JSON.stringify(account)}`,
    ];
  const problems: string[] = [];
  const unreadableKeys = account.unreadable.map((tracker) => ({ id: tracker.id, ...(tracker.name !== undefined ? { name: tracker.name } : {}) }));
  if (JSON.stringify(unreadableKeys) !== JSON.stringify(expected.unreadable))
    problems.push(`incomplete trackers read as ${JSON.stringify(unreadableKeys)}, expected ${JSON.stringify(expected.unreadable)}`);
  for (const tracker of account.unreadable) {
    if (tracker.problem.length === 0 || tracker.problem.length > 200) problems.push(`tracker ${tracker.id} has no clear problem: ${JSON.stringify(tracker.problem)}`);
  }
  const config = { ...DEFAULT_CONFIG, guards: { ...DEFAULT_CONFIG.guards, allowEmpty: true } };
  const actualPlan = buildPlan({ desired: DESIRED, live: account.trackers, unreadable: account.unreadable, config });
  const expectedPlan = buildPlan({ desired: DESIRED, live: expected.trackers, unreadable: account.unreadable, config });
  if (actualPlan.fingerprint !== expectedPlan.fingerprint)
    problems.push(`the plan differs from the one the response describes: read ${JSON.stringify(account.trackers)}, expected ${JSON.stringify(expected.trackers)}`);
  return problems;
}

// ---- Generation 2 -------------------------------------------------------------------------------------

const validGen2Tracker = fc.record(
  {
    id: fc.bigInt({ min: 1n, max: 9_999_999_999_999_999n }).map(String),
    name: fc.constantFrom("Billing Issue", "Refund", "Cancel", "Upgrade", "Other"),
    vocabulary: fc.uniqueArray(fc.constantFrom("charged twice", "wrong invoice", "refund please", "money back", "cancel now"), { minLength: 1, maxLength: 5 }),
    description: fc.constantFrom("", "Money matters", "line\nbreak"),
    categories: fc.uniqueArray(fc.constantFrom("Sales", "Support"), { maxLength: 2 }),
    languages: fc.uniqueArray(fc.constantFrom("en-US", "en-GB"), { minLength: 1, maxLength: 2 }),
    createdOn: fc.constant("2023-01-05T10:00:00.000Z"),
    managed: fc.boolean(),
  },
  { requiredKeys: ["id", "name", "vocabulary"] },
);
const validGen2List = fc.uniqueArray(validGen2Tracker, { selector: (tracker) => tracker.name, maxLength: 5 });

/** Generation-2 list answers: valid ones (fields optional), the generation-1 cases, and damaged generation-2 fields. */
export const malformedGen2ListResponse: fc.Arbitrary<FakeResponse> = fc.oneof(
  validGen2List.map((trackers) => ({ status: 200, contentType: "application/json", body: JSON.stringify({ trackers }) })),
  fc.constantFrom("{}", '{"trackers":null}').map((body) => ({ status: 200, contentType: "application/json", body })),
  malformedListResponse,
  fc
    .tuple(
      validGen2List.filter((list) => list.length > 0),
      fc.nat(),
      fc.constantFrom("description", "categories", "languages", "managed"),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([trackers, index, field, value]) => {
      const damaged: Array<Record<string, unknown>> = trackers.map((tracker) => ({ ...tracker }));
      (damaged[index % damaged.length] as Record<string, unknown>)[field] = value;
      return { status: 200, contentType: "application/json", body: JSON.stringify({ trackers: damaged }) };
    }),
);

/** What a correct generation-2 client must read (a malformed generation-2 field makes one tracker unreadable), or undefined. */
export function interpretGen2ListBody(response: FakeResponse): { trackers: LiveTracker[]; unreadable: Array<{ id: string; name?: string }> } | undefined {
  const base = interpretListBody(response);
  if (!base) return undefined;
  const value = JSON.parse(Buffer.from(response.body).toString("utf8")) as Record<string, unknown>;
  const items: unknown[] = Array.isArray(value.trackers) ? value.trackers : value.trackers === undefined && value.tracker !== undefined ? [value.tracker] : [];
  const rawById = new Map(items.map((item) => [String((item as { id: unknown }).id), item as Record<string, unknown>]));
  const strings = (item: unknown) => item === undefined || item === null || (Array.isArray(item) && item.every((entry) => typeof entry === "string"));
  const result = { trackers: [] as LiveTracker[], unreadable: [...base.unreadable] };
  for (const tracker of base.trackers) {
    const raw = rawById.get(tracker.id) ?? {};
    const descriptionOk = raw.description === undefined || raw.description === null || typeof raw.description === "string";
    if (!strings(raw.categories) || !strings(raw.languages) || !descriptionOk) {
      result.unreadable.push({ id: tracker.id, name: tracker.name });
      continue;
    }
    result.trackers.push({
      ...tracker,
      ...(typeof raw.description === "string" && raw.description !== "" ? { description: raw.description } : {}),
      categories: Array.isArray(raw.categories) ? (raw.categories as string[]) : [],
      languages: Array.isArray(raw.languages) ? (raw.languages as string[]) : ["en-US"],
      ...(raw.managed === true ? { managed: true } : {}),
    });
  }
  return result;
}

/** The generation-2 client against one answer: the plan is the one the answer describes, or a clear error. */
export async function checkGen2ListResponse(fake: FakeApi, response: FakeResponse): Promise<string[]> {
  fake.respondWith(response);
  const api = createTrackersApiGen2({
    env: { SYMBL_API_URL: fake.url, SYMBL_APP_ID: "fuzz-app", SYMBL_APP_SECRET: "fuzz-secret-value" },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => {},
    timeoutMs: 5_000,
  });
  const expected = interpretGen2ListBody(response);
  let account: TrackerListRead;
  try {
    account = await (api.listAccount as NonNullable<typeof api.listAccount>)();
  } catch (error) {
    const message = (error as Error).message;
    const problems: string[] = [];
    if (expected !== undefined) problems.push(`a readable generation-2 list was refused: ${message}`);
    if (!message.includes("/v1/manage/trackers")) problems.push(`the error does not name the request: ${message}`);
    if (hasStackTrace(message) || message.length > 600) problems.push(`the error is not a clear sentence: ${message}`);
    if (message.includes("fuzz-secret-value") || message.includes("fuzz-token-value")) problems.push(`the error shows a secret: ${message}`);
    return problems;
  }
  if (expected === undefined)
    return [`a generation-2 plan would be built from a malformed response: read ${JSON.stringify(account)} from ${JSON.stringify(Buffer.from(response.body).toString("utf8").slice(0, 200))}`];
  const problems: string[] = [];
  const unreadableKeys = account.unreadable.map((tracker) => ({ id: tracker.id, ...(tracker.name !== undefined ? { name: tracker.name } : {}) }));
  if (JSON.stringify(unreadableKeys) !== JSON.stringify(expected.unreadable))
    problems.push(`incomplete trackers read as ${JSON.stringify(unreadableKeys)}, expected ${JSON.stringify(expected.unreadable)}`);
  const config = { ...DEFAULT_CONFIG, api: { generation: 2 as const }, guards: { ...DEFAULT_CONFIG.guards, allowEmpty: true } };
  const actualPlan = buildPlanGen2({ desired: DESIRED, live: account.trackers, unreadable: account.unreadable, config });
  const expectedPlan = buildPlanGen2({ desired: DESIRED, live: expected.trackers, unreadable: account.unreadable, config });
  if (actualPlan.fingerprint !== expectedPlan.fingerprint)
    problems.push(`the generation-2 plan differs from the one the response describes: read ${JSON.stringify(account.trackers)}, expected ${JSON.stringify(expected.trackers)}`);
  return problems;
}
