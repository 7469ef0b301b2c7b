import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_PHRASES_PER_TRACKER, MAX_TRACKERS_PER_ACCOUNT } from "../../src/model/limits.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken, phrases } from "./emulator-client.js";

let emulator: RunningEmulator;
let token: string;
const api = (method: string, path: string, body?: unknown) => call(emulator.url, method, path, { token, body });

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
  token = await fetchToken(emulator.url);
});
afterEach(async () => {
  await emulator.close();
});

function expectError(response: { status: number; json: any }, status: number, message?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.json).toEqual({ message: expect.any(String), statusCode: status });
  if (message) expect(response.json.message).toMatch(message);
}

describe("POST /v1/manage/tracker", () => {
  it("creates a tracker with a 16-digit string id and answers 201 {tracker}", async () => {
    const response = await api("POST", "/v1/manage/tracker", { name: "Pricing", vocabulary: ["price", "how much"] });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ tracker: { id: expect.stringMatching(/^\d{16}$/), name: "Pricing", vocabulary: ["price", "how much"] } });
    expect(emulator.trackers()).toEqual([response.json.tracker]);
  });

  it("accepts one phrase, 50 phrases, digits, dashes, periods, apostrophes and non-ASCII letters", async () => {
    expect((await api("POST", "/v1/manage/tracker", { name: "One", vocabulary: ["hi"] })).status).toBe(201);
    expect((await api("POST", "/v1/manage/tracker", { name: "Fifty", vocabulary: phrases(MAX_PHRASES_PER_TRACKER) })).status).toBe(201);
    const mixed = await api("POST", "/v1/manage/tracker", { name: "Mixed", vocabulary: ["10 20 percent", "follow-up", "Mr. Smith", "don't", "café crème"] });
    expect(mixed.status).toBe(201);
  });

  it("ignores keys other than name and vocabulary", async () => {
    const response = await api("POST", "/v1/manage/tracker", { name: "Extra", vocabulary: ["a b"], description: "x", categories: [] });
    expect(response.status).toBe(201);
    expect(Object.keys(response.json.tracker).sort()).toEqual(["id", "name", "vocabulary"]);
  });

  it("answers 409 for an existing name, case-sensitively", async () => {
    await api("POST", "/v1/manage/tracker", { name: "Voice Message", vocabulary: ["voicemail"] });
    expectError(await api("POST", "/v1/manage/tracker", { name: "Voice Message", vocabulary: ["other"] }), 409, /already exists/);
    expect((await api("POST", "/v1/manage/tracker", { name: "voice message", vocabulary: ["voicemail"] })).status).toBe(201);
  });

  it.each([
    ["no body", undefined, /empty/],
    ["an array", [{ name: "A", vocabulary: ["a"] }], /JSON object/],
    ["a missing name", { vocabulary: ["a"] }, /no "name"/],
    ["a misspelt key", { name: "A", vocabularies: ["a"] }, /no "vocabulary"/],
    ["a numeric name", { name: 5, vocabulary: ["a"] }, /name must be a string/],
    ["an empty name", { name: "  ", vocabulary: ["a"] }, /must not be empty/],
    ["a string vocabulary", { name: "A", vocabulary: "a" }, /array of strings/],
    ["an empty vocabulary", { name: "A", vocabulary: [] }, /at least one/],
    ["a numeric phrase", { name: "A", vocabulary: ["a", 3] }, /\[1\] must be a string/],
    ["an empty phrase", { name: "A", vocabulary: [""] }, /must not be empty/],
    ["duplicate phrases", { name: "A", vocabulary: ["same", "other", "same"] }, /more than once/],
    ["a question mark", { name: "A", vocabulary: ["why?"] }, /"\?"/],
    ["a comma", { name: "A", vocabulary: ["yes, please"] }, /","/],
    ["an exclamation mark", { name: "A", vocabulary: ["wow!"] }, /"!"/],
    ["a colon", { name: "A", vocabulary: ["note: this"] }, /":"/],
    ["51 phrases", { name: "A", vocabulary: phrases(MAX_PHRASES_PER_TRACKER + 1) }, /at most 50/],
  ])("answers 400 for %s and creates nothing", async (_label, body, message) => {
    expectError(await api("POST", "/v1/manage/tracker", body), 400, message);
    expect(emulator.trackers()).toEqual([]);
  });

  it("treats phrases differing only by case as distinct (exact duplicate comparison)", async () => {
    expect((await api("POST", "/v1/manage/tracker", { name: "Case", vocabulary: ["Price", "price"] })).status).toBe(201);
  });

  it("answers 400 for malformed JSON", async () => {
    const response = await call(emulator.url, "POST", "/v1/manage/tracker", { token, rawBody: '{"name": "A", ' });
    expectError(response, 400, /not valid JSON/);
  });
});

describe("POST /v1/manage/trackers (bulk)", () => {
  it("creates every element and answers in request order", async () => {
    const names = ["Zeta", "Alpha", "Mid"];
    const response = await api(
      "POST",
      "/v1/manage/trackers",
      names.map((name) => ({ name, vocabulary: [`${name} word`] })),
    );
    expect(response.status).toBe(201);
    expect(response.json.trackers.map((tracker: { name: string }) => tracker.name)).toEqual(names);
    expect(new Set(response.json.trackers.map((tracker: { id: string }) => tracker.id)).size).toBe(3);
  });

  it("is all-or-nothing: a conflict or invalid element creates nothing and names the element", async () => {
    await api("POST", "/v1/manage/tracker", { name: "Taken", vocabulary: ["x"] });
    expectError(
      await api("POST", "/v1/manage/trackers", [
        { name: "New", vocabulary: ["a"] },
        { name: "Taken", vocabulary: ["b"] },
      ]),
      409,
      /trackers\[1\]/,
    );
    expectError(
      await api("POST", "/v1/manage/trackers", [
        { name: "New", vocabulary: ["a"] },
        { name: "New", vocabulary: ["b"] },
      ]),
      409,
      /trackers\[1\]/,
    );
    expectError(
      await api("POST", "/v1/manage/trackers", [
        { name: "New", vocabulary: ["a"] },
        { name: "Bad", vocabulary: ["a?"] },
      ]),
      400,
      /trackers\[1\]\.vocabulary\[0\]/,
    );
    expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["Taken"]);
  });

  it("rejects a body that is neither an array nor a tracker object, and an empty array, with 400", async () => {
    expectError(await api("POST", "/v1/manage/trackers", "Gen2"), 400, /must be an array.*generation-2/s);
    expectError(await api("POST", "/v1/manage/trackers", []), 400, /empty array/);
    expect(emulator.trackers()).toEqual([]);
  });

  it("treats a single object as the generation-2 create (201 {tracker} with the generation-2 fields)", async () => {
    const created = await api("POST", "/v1/manage/trackers", { name: "Gen2", categories: ["sales"], languages: ["en-US"], vocabulary: ["a"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ tracker: { name: "Gen2", categories: ["sales"], languages: ["en-US"], vocabulary: ["a"] } });
  });
});

describe("GET /v1/manage/trackers", () => {
  it("lists {trackers: []} on an empty account and all trackers in creation order", async () => {
    expect(await api("GET", "/v1/manage/trackers")).toMatchObject({ status: 200, json: { trackers: [] } });
    await api("POST", "/v1/manage/trackers", [
      { name: "B", vocabulary: ["b"] },
      { name: "A", vocabulary: ["a"] },
    ]);
    const list = await api("GET", "/v1/manage/trackers");
    expect(list.json.trackers.map((tracker: { name: string }) => tracker.name)).toEqual(["B", "A"]);
    expect((await api("GET", "/v1/manage/tracker")).json).toEqual(list.json);
  });

  it("filters by exact, case-sensitive name and answers {trackers: []} when nothing matches", async () => {
    await api("POST", "/v1/manage/trackers", [
      { name: "Voice Message", vocabulary: ["a"] },
      { name: "voice message", vocabulary: ["b"] },
      { name: "Voice", vocabulary: ["c"] },
    ]);
    const exact = await api("GET", `/v1/manage/trackers?name=${encodeURIComponent("Voice Message")}`);
    expect(exact.json.trackers).toEqual([expect.objectContaining({ name: "Voice Message", vocabulary: ["a"] })]);
    expect((await api("GET", "/v1/manage/trackers?name=Voi")).json).toEqual({ trackers: [] });
    expect((await api("GET", "/v1/manage/trackers?name=VOICE")).json).toEqual({ trackers: [] });
  });
});

describe("GET/PUT/DELETE /v1/manage/tracker/{id}", () => {
  async function create(name: string, vocabulary: string[]) {
    return (await api("POST", "/v1/manage/tracker", { name, vocabulary })).json.tracker as { id: string; name: string; vocabulary: string[] };
  }

  it("gets a tracker by id and answers 404 for an unknown id", async () => {
    const tracker = await create("Get me", ["a"]);
    expect(await api("GET", `/v1/manage/tracker/${tracker.id}`)).toMatchObject({ status: 200, json: { tracker } });
    expectError(await api("GET", "/v1/manage/tracker/1234567890123456"), 404, /1234567890123456/);
    expectError(await api("GET", "/v1/manage/tracker/%E0%A4%A"), 404);
  });

  it("PUT appends by default (Symbl's documented example: 3 sent, 7 returned), renames and keeps the id", async () => {
    const created = await create("Promotion Mention", ["promotion", "discount", "offer", "sale"]);
    const appended = await api("PUT", `/v1/manage/tracker/${created.id}`, { id: created.id, name: "Promotion Mention", vocabulary: ["deal", "coupon", "sale"] });
    expect(appended.json.tracker.vocabulary).toEqual(["promotion", "discount", "offer", "sale", "deal", "coupon"]);
    const renamed = await api("PUT", `/v1/manage/tracker/${created.id}`, { id: created.id, name: "Promotions", vocabulary: ["voucher"] });
    expect(renamed).toMatchObject({ status: 200, json: { tracker: { id: created.id, name: "Promotions" } } });
    expect(renamed.json.tracker.vocabulary).toHaveLength(7);
  });

  it("PUT in replace mode replaces name and vocabulary and keeps the id", async () => {
    emulator.setFaults({ putMode: "replace" });
    const tracker = await create("Old", ["a", "b"]);
    const response = await api("PUT", `/v1/manage/tracker/${tracker.id}`, { id: tracker.id, name: "New", vocabulary: ["c"] });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ tracker: { id: tracker.id, name: "New", vocabulary: ["c"] } });
    expect(emulator.trackers()).toEqual([{ id: tracker.id, name: "New", vocabulary: ["c"] }]);
  });

  it("PUT in append mode keeps existing phrases first and appends new ones once", async () => {
    const tracker = await create("Merge", ["a", "b"]);
    const response = await api("PUT", `/v1/manage/tracker/${tracker.id}`, { id: tracker.id, name: "Merge", vocabulary: ["c", "a"] });
    expect(response.json.tracker.vocabulary).toEqual(["a", "b", "c"]);
    const full = await create("Full", phrases(49));
    expectError(await api("PUT", `/v1/manage/tracker/${full.id}`, { id: full.id, name: "Full", vocabulary: ["new one", "new two"] }), 400, /51 phrases/);
  });

  it("PUT answers 409 when renaming onto another tracker's name, 400 for id mismatch or partial bodies, 404 for unknown ids", async () => {
    const first = await create("First", ["a"]);
    await create("Second", ["b"]);
    expectError(await api("PUT", `/v1/manage/tracker/${first.id}`, { id: first.id, name: "Second", vocabulary: ["a"] }), 409);
    expect((await api("PUT", `/v1/manage/tracker/${first.id}`, { id: first.id, name: "first", vocabulary: ["a"] })).status).toBe(200);
    expectError(await api("PUT", `/v1/manage/tracker/${first.id}`, { id: "1111111111111111", name: "X", vocabulary: ["a"] }), 400, /does not match/);
    expectError(await api("PUT", `/v1/manage/tracker/${first.id}`, { name: "X", vocabulary: ["a"] }), 400, /no "id"/);
    expectError(await api("PUT", `/v1/manage/tracker/${first.id}`, { id: first.id, vocabulary: ["a"] }), 400, /no "name"/);
    expectError(await api("PUT", `/v1/manage/tracker/${first.id}`, { id: first.id, name: "X" }), 400, /no "vocabulary"/);
    expectError(await api("PUT", `/v1/manage/tracker/${first.id}`, { id: first.id, name: "X", vocabulary: ["dup", "dup"] }), 400, /more than once/);
    expectError(await api("PUT", "/v1/manage/tracker/9999999999999999", { id: "9999999999999999", name: "X", vocabulary: ["a"] }), 404);
    expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["first", "Second"]);
  });

  it("DELETE answers {id, type, deleted} and a second delete of the same id 404", async () => {
    const tracker = await create("Doomed", ["a"]);
    const response = await api("DELETE", `/v1/manage/tracker/${tracker.id}`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ id: tracker.id, type: "tracker", deleted: true });
    expectError(await api("DELETE", `/v1/manage/tracker/${tracker.id}`), 404);
    expectError(await api("GET", `/v1/manage/tracker/${tracker.id}`), 404);
  });
});

describe("account limit and routing", () => {
  it("answers 400 when a create would exceed 500 trackers, for single and bulk creates", async () => {
    await emulator.close();
    const seeded = Array.from({ length: MAX_TRACKERS_PER_ACCOUNT - 1 }, (_, index) => ({ name: `T${index}`, vocabulary: ["word"] }));
    emulator = await startEmulator({ port: 0, initialTrackers: seeded });
    token = await fetchToken(emulator.url);
    expectError(
      await api("POST", "/v1/manage/trackers", [
        { name: "X1", vocabulary: ["a"] },
        { name: "X2", vocabulary: ["a"] },
      ]),
      400,
      /at most 500/,
    );
    expect((await api("POST", "/v1/manage/tracker", { name: "Last", vocabulary: ["a"] })).status).toBe(201);
    expectError(await api("POST", "/v1/manage/tracker", { name: "Over", vocabulary: ["a"] }), 400, /at most 500/);
    expect(emulator.trackers()).toHaveLength(MAX_TRACKERS_PER_ACCOUNT);
  });

  it("answers 404 JSON for unknown routes and trackers, and 405 JSON for wrong methods", async () => {
    expectError(await api("GET", "/v2/nothing"), 404);
    expectError(await api("GET", "/v1/manage/trackers/1234567890123456"), 404, /No tracker with id 1234567890123456/);
    const patch = await api("PATCH", "/v1/manage/tracker/1234567890123456", []);
    expectError(patch, 405);
    expect(patch.headers.get("allow")).toBe("GET, PUT, DELETE");
    expectError(await api("DELETE", "/v1/manage/trackers"), 405);
  });
});
