import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/client/api-error.js";
import { countingApi } from "../../src/client/counting-api.js";
import { createTrackersApi, parseRetryAfter } from "../../src/client/create-trackers-api.js";
import { UserError } from "../../src/errors.js";

type Step = (request: { method: string; url: string; body: unknown; headers: Record<string, string> }) => Response | Promise<Response> | "drop";

interface Script {
  fetch: typeof fetch;
  calls: Array<{ method: string; path: string; body: unknown; authorization?: string }>;
}

/** A fetch that answers from a list of steps, one per request, and records what was sent. */
function scriptedFetch(steps: Step[]): Script {
  const calls: Script["calls"] = [];
  const queue = [...steps];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const method = init?.method ?? "GET";
    calls.push({ method, path: new URL(url).pathname + new URL(url).search, body, ...(headers.authorization ? { authorization: headers.authorization } : {}) });
    const step = queue.shift();
    if (!step) throw new Error(`unexpected request ${method} ${url}`);
    const result = await step({ method, url, body, headers });
    if (result === "drop") throw new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    return result;
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const token = (value = "token-1", expiresIn = 86400) => json(200, { accessToken: value, expiresIn });
const tracker = (id: string, name: string, vocabulary: string[] = ["a"]) => ({ id, name, vocabulary });

function makeApi(steps: Step[], extra: { env?: Record<string, string>; now?: () => number; maxAttempts?: number } = {}) {
  const script = scriptedFetch(steps);
  const sleeps: number[] = [];
  const secrets: string[] = [];
  const api = createTrackersApi({
    env: extra.env ?? { SYMBL_APP_ID: "app-id", SYMBL_APP_SECRET: "super-secret-value", SYMBL_API_URL: "https://symbl.test/" },
    fetch: script.fetch,
    onSecret: (value) => secrets.push(value),
    retry: { maxAttempts: extra.maxAttempts ?? 4, baseDelayMs: 100, maxDelayMs: 1000 },
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...(extra.now ? { now: extra.now } : {}),
  });
  return { api, script, sleeps, secrets };
}

describe("createTrackersApi", () => {
  it("says which environment variables to set when credentials are missing", () => {
    expect(() => createTrackersApi({ env: {} })).toThrow(UserError);
    expect(() => createTrackersApi({ env: {} })).toThrow(/because no credentials are set\. Set SYMBL_APP_ID and SYMBL_APP_SECRET \(or SYMBL_ACCESS_TOKEN\)/);
  });

  it("with only one of SYMBL_APP_ID / SYMBL_APP_SECRET set, names the missing one", () => {
    expect(() => createTrackersApi({ env: { SYMBL_APP_ID: "x" } })).toThrow("because SYMBL_APP_SECRET is not set (SYMBL_APP_ID is).");
    expect(() => createTrackersApi({ env: { SYMBL_APP_SECRET: "x" } })).toThrow("because SYMBL_APP_ID is not set (SYMBL_APP_SECRET is).");
    expect(() => createTrackersApi({ env: { SYMBL_APP_ID: "x", SYMBL_APP_SECRET: "  " } })).toThrow("because SYMBL_APP_SECRET is not set");
  });

  it("prefers SYMBL_API_URL over the config value and defaults to api.symbl.ai", () => {
    expect(createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "t" } }).baseUrl).toBe("https://api.symbl.ai");
    expect(createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "t" }, apiUrl: "https://config.test/" }).baseUrl).toBe("https://config.test");
    expect(createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "t", SYMBL_API_URL: "https://env.test" }, apiUrl: "https://config.test" }).baseUrl).toBe("https://env.test");
  });

  it("fetches a token once, reports it for masking, and reuses it until shortly before expiry", async () => {
    let clock = 0;
    const { api, script, secrets } = makeApi([token("token-1", 3600), json(200, { trackers: [] }), json(200, { trackers: [] }), token("token-2", 3600), json(200, { trackers: [tracker("1", "A")] })], {
      now: () => clock,
    });
    await api.listTrackers();
    clock = 3000_000;
    await api.listTrackers();
    clock = 3599_000;
    expect(await api.listTrackers()).toEqual([tracker("1", "A")]);
    expect(script.calls.map((call) => call.path)).toEqual(["/oauth2/token:generate", "/v1/manage/trackers", "/v1/manage/trackers", "/oauth2/token:generate", "/v1/manage/trackers"]);
    expect(script.calls[0]?.body).toEqual({ type: "application", appId: "app-id", appSecret: "super-secret-value" });
    expect(script.calls[4]?.authorization).toBe("Bearer token-2");
    expect(secrets).toEqual(["token-1", "token-2"]);
  });

  it("re-authenticates once on 401, then gives up with a clear error", async () => {
    const { api, script } = makeApi([token("old"), json(401, { message: "Token validation failed for provided token." }), token("new"), json(200, { trackers: [] })]);
    expect(await api.listTrackers()).toEqual([]);
    expect(script.calls.map((call) => call.authorization ?? "-")).toEqual(["-", "Bearer old", "-", "Bearer new"]);

    const failing = makeApi([token("a"), json(401, { message: "nope" }), token("b"), json(401, { message: "nope" })]);
    await expect(failing.api.listTrackers()).rejects.toThrow("GET /v1/manage/trackers failed: 401 Unauthorized: nope");
  });

  it("names the credentials when the token request is refused, without echoing the secret", async () => {
    const { api } = makeApi([json(401, { message: "bad appSecret super-secret-value" })]);
    const error = (await api.listTrackers().catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/rejected SYMBL_APP_ID\/SYMBL_APP_SECRET/);
    expect(error.message).not.toContain("super-secret-value");
  });

  it("backs off on 429 with full jitter, honouring Retry-After in seconds", async () => {
    const { api, sleeps } = makeApi([token(), json(429, { message: "busy" }), json(429, { message: "busy" }, { "retry-after": "3" }), json(200, { trackers: [] })]);
    await api.listTrackers();
    expect(sleeps).toEqual([50, 3000]);
  });

  it("retries a create after 429 (nothing was processed) without a re-list", async () => {
    const { api, script } = makeApi([token(), json(429, { message: "concurrency" }), json(201, { trackers: [tracker("9", "A")] })]);
    expect(await api.createTrackers([{ name: "A", vocabulary: ["a"] }])).toEqual([tracker("9", "A")]);
    expect(script.calls.map((call) => `${call.method} ${call.path}`)).toEqual(["POST /oauth2/token:generate", "POST /v1/manage/trackers", "POST /v1/manage/trackers"]);
  });

  it("stops after the bounded number of attempts with the server's message", async () => {
    const { api } = makeApi([token(), json(429, { message: "a" }), json(429, { message: "b" }), json(429, { message: "c" })], { maxAttempts: 3 });
    await expect(api.listTrackers()).rejects.toThrow("GET /v1/manage/trackers failed: 429 Too Many Requests: c");
  });

  it("retries reads, PUTs and DELETEs on 5xx and dropped connections, tolerating HTML error pages", async () => {
    const html = () => new Response("<html><head><title>502</title></head><body><h1>502 Bad Gateway</h1></body></html>", { status: 502 });
    const { api, script } = makeApi([token(), html, () => "drop", json(200, { tracker: tracker("1", "A", ["b"]) }), json(504, {}), json(200, { id: "1", type: "tracker", deleted: true })]);
    expect(await api.updateTracker(tracker("1", "A", ["b"]))).toEqual(tracker("1", "A", ["b"]));
    await api.deleteTracker("1");
    expect(script.calls.map((call) => call.method)).toEqual(["POST", "PUT", "PUT", "PUT", "DELETE", "DELETE"]);
  });

  it("reads an HTML error body as a short message", async () => {
    const html = () => new Response("<html><body><h1>504 Gateway Time-out</h1><p>nginx</p></body></html>", { status: 504, statusText: "Gateway Timeout" });
    const { api } = makeApi([token(), html, html], { maxAttempts: 2 });
    await expect(api.getTracker("5")).rejects.toThrow("GET /v1/manage/tracker/5 failed: 504 Gateway Timeout: 504 Gateway Time-out nginx");
  });

  it("treats a DELETE that 404s after an unknown outcome as done", async () => {
    const { api } = makeApi([token(), () => "drop", json(404, { message: "Tracker not found" })]);
    await expect(api.deleteTracker("1")).resolves.toBeUndefined();
    const direct = makeApi([token(), json(404, { message: "Tracker not found" })]);
    await expect(direct.api.deleteTracker("1")).rejects.toThrow("DELETE /v1/manage/tracker/1 failed: 404 Not Found: Tracker not found");
  });

  it("re-lists after a create whose response was lost and sends only what is missing", async () => {
    const { api, script } = makeApi([token(), () => "drop", json(200, { trackers: [tracker("1", "A"), tracker("0", "Other")] }), json(201, { trackers: [tracker("2", "B")] })]);
    const created = await api.createTrackers([
      { name: "A", vocabulary: ["a"] },
      { name: "B", vocabulary: ["a"] },
    ]);
    expect(created.map((item) => item.id)).toEqual(["1", "2"]);
    expect(script.calls.map((call) => `${call.method} ${call.path}`)).toEqual(["POST /oauth2/token:generate", "POST /v1/manage/trackers", "GET /v1/manage/trackers", "POST /v1/manage/trackers"]);
    expect(script.calls[3]?.body).toEqual([{ name: "B", vocabulary: ["a"] }]);
  });

  it("does not resend a single create that a 500 answered after it was stored", async () => {
    const { api, script } = makeApi([token(), json(500, { message: "oops" }), json(200, { trackers: [tracker("7", "A")] })]);
    expect(await api.createTracker({ name: "A", vocabulary: ["a"] })).toEqual(tracker("7", "A"));
    expect(script.calls.filter((call) => call.method === "POST" && call.path === "/v1/manage/tracker")).toHaveLength(1);
  });

  it("formats errors as METHOD path failed: status: server message", async () => {
    const { api } = makeApi([token(), json(409, { statusCode: 409, message: 'A tracker named "A" already exists.' })]);
    const error = (await api.createTrackers([{ name: "A", vocabulary: ["a"] }]).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('POST /v1/manage/trackers failed: 409 Conflict: A tracker named "A" already exists.');
    expect(error.status).toBe(409);
  });

  it("refuses success bodies it cannot read at all instead of planning from them", async () => {
    const notJson = makeApi([token(), () => new Response("<html>maintenance</html>", { status: 200 })]);
    await expect(notJson.api.listTrackers()).rejects.toThrow(/GET \/v1\/manage\/trackers returned a response tracker-sync cannot read: it is not JSON/);
    const wrongShape = makeApi([token(), json(200, { trackers: "none" })]);
    await expect(wrongShape.api.listTrackers()).rejects.toThrow(/expected \{"trackers": \[\.\.\.\]\}/);
    const noId = makeApi([token(), json(200, { trackers: [{ name: "A", vocabulary: ["a"] }] })]);
    await expect(noId.api.listTrackers()).rejects.toThrow(/a tracker has no string id/);
  });

  it("reads every documented list shape: {trackers}, the docs' {tracker} example, {} and {trackers: null}", async () => {
    const shapes = [
      [{ trackers: [tracker("1", "A")] }, ["A"]],
      [{ tracker: tracker("2", "B") }, ["B"]],
      [{}, []],
      [{ trackers: null }, []],
      [{ trackers: [{ ...tracker("3", "C"), createdOn: "2022-01-01", categories: [] }], nextToken: "x" }, ["C"]],
    ] as const;
    for (const [body, names] of shapes) {
      const { api } = makeApi([token(), json(200, body)]);
      expect((await api.listTrackers()).map((item) => item.name)).toEqual(names);
    }
  });

  it("reports a tracker without a name or vocabulary by its id instead of refusing the account", async () => {
    const body = { trackers: [tracker("1", "A"), { id: "2", name: "B" }, { id: "3", vocabulary: ["x"] }, { id: "4", name: "D", vocabulary: "oops" }] };
    const { api } = makeApi([token(), json(200, body), json(200, body)]);
    expect(await api.listTrackers()).toEqual([tracker("1", "A")]);
    const account = await api.listAccount!();
    expect(account.trackers).toEqual([tracker("1", "A")]);
    expect(account.unreadable).toEqual([
      { id: "2", name: "B", problem: "has no vocabulary" },
      { id: "3", problem: "has no name" },
      { id: "4", name: "D", problem: "has a vocabulary that is a string, not a list" },
    ]);
  });

  it("still refuses an incomplete tracker in a create or PUT answer, naming its id", async () => {
    const { api } = makeApi([token(), json(200, { tracker: { id: "9", name: "A" } })]);
    await expect(api.updateTracker(tracker("9", "A"))).rejects.toThrow(/PUT \/v1\/manage\/tracker\/9 .*tracker 9 has no vocabulary/);
  });

  it("never puts the access token into an error message", async () => {
    const { api } = makeApi([token("tok-SECRET-123"), json(400, { message: "bad header Bearer tok-SECRET-123" })]);
    const error = (await api.listTrackers().catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain("tok-SECRET-123");
    expect(error.message).toContain("[redacted]");
  });

  it("uses SYMBL_ACCESS_TOKEN as is and reports it for masking", async () => {
    const { api, script, secrets } = makeApi([json(200, { trackers: [] })], { env: { SYMBL_ACCESS_TOKEN: "static-token", SYMBL_API_URL: "https://symbl.test" } });
    await api.listTrackers();
    expect(script.calls[0]?.authorization).toBe("Bearer static-token");
    expect(secrets).toEqual(["static-token"]);
  });

  it("keeps one request in flight at a time", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: Step = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return new Response(JSON.stringify({ tracker: tracker("1", "A") }), { status: 200 });
    };
    const { api } = makeApi([token(), slow, slow, slow, slow]);
    const counted = countingApi(api);
    await Promise.all([1, 2, 3, 4].map(() => counted.updateTracker(tracker("1", "A"))));
    expect(maxInFlight).toBe(1);
    expect(counted.totalCalls()).toBe(4);
    expect(api.stats().requests).toBe(5);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("2", 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
