import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ExtensionContext, ExtensionRequest, ExtensionResponse } from "../../src/emulator/extension.js";

// The real Async API routes belong to another module; here the seam itself is under test.
const calls: Array<{ request: ExtensionRequest; context: ExtensionContext }> = [];
let reply: (request: ExtensionRequest, context: ExtensionContext) => ExtensionResponse | undefined = () => undefined;
vi.mock("../../src/emulator/async-api.js", () => ({
  handleAsyncApi: async (request: ExtensionRequest, context: ExtensionContext) => {
    calls.push({ request, context });
    return reply(request, context);
  },
}));

const { startEmulator } = await import("../../src/emulator/start-emulator.js");
const { call, fetchToken } = await import("./emulator-client.js");

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeEach(async () => {
  calls.length = 0;
  reply = () => undefined;
  emulator = await startEmulator({ port: 0, initialTrackers: [{ id: "5000000000000001", name: "Pricing", vocabulary: ["price"] }], now: () => 1234 });
});
afterEach(async () => {
  await emulator.close();
});

describe("extension seam for the Async, Job, Conversation and Experience routes", () => {
  it("authenticates /v1/process/, parses the JSON body and hands over the request and a context", async () => {
    const token = await fetchToken(emulator.url);
    reply = (request, context) => ({ status: 201, json: { seen: request.body, trackers: context.listTrackers().length, one: context.getTracker("5000000000000001")?.name } });
    const response = await call(emulator.url, "POST", "/v1/process/text?x=1", { token, body: { messages: [] } });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ seen: { messages: [] }, trackers: 1, one: "Pricing" });
    const [handed] = calls;
    expect(handed?.request).toMatchObject({ method: "POST", pathname: "/v1/process/text", body: { messages: [] } });
    expect(handed?.request.searchParams.get("x")).toBe("1");
    expect(handed?.context.baseUrl).toBe(emulator.url);
    expect(handed?.context.now()).toBe(1234);
  });

  it("answers 401 without a token, 400 for malformed JSON and 404 JSON when the extension declines", async () => {
    expect((await call(emulator.url, "GET", "/v1/job/abc")).status).toBe(401);
    expect(calls).toHaveLength(0);
    const token = await fetchToken(emulator.url);
    expect((await call(emulator.url, "POST", "/v1/conversations/1/experiences", { token, rawBody: "{" })).status).toBe(400);
    const declined = await call(emulator.url, "GET", "/v1/conversations/1/trackers-detected", { token });
    expect(declined.status).toBe(404);
    expect(declined.json.statusCode).toBe(404);
    expect(calls.map((entry) => entry.request.body)).toEqual([undefined]);
  });

  it("serves /experience/ pages without a token and as HTML", async () => {
    reply = () => ({ status: 200, html: "<h1>Summary</h1>" });
    const response = await call(emulator.url, "GET", "/experience/abc");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.text).toBe("<h1>Summary</h1>");
  });

  it("does not put extension requests in the tracker write slot", async () => {
    const token = await fetchToken(emulator.url);
    reply = () => ({ status: 201, json: {} });
    emulator.setFaults({ latencyMs: 200 });
    const write = call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "Slow", vocabulary: ["a"] } });
    for (let attempt = 0; attempt < 100 && !(await call(emulator.url, "GET", "/__emulator/state")).json.writeInFlight; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await call(emulator.url, "POST", "/v1/process/text", { token, body: { messages: [] } })).status).toBe(201);
    expect((await write).status).toBe(201);
  });
});
