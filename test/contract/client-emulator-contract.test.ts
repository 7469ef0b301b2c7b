import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../src/client/api-error.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { ASYNC } from "../../src/contract/async-contract.js";
import { buildPath, GEN1, PUT_BEHAVIORS, type Endpoint } from "../../src/contract/trackers-contract.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "../emulator/emulator-client.js";
import { SampleClient } from "./getting-started-style-client.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function clientFor(running: RunningEmulator) {
  return createTrackersApi({
    env: { SYMBL_API_URL: running.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET },
    retry: { maxAttempts: 1 },
  });
}

describe("a client written like Symbl's getting-started samples, unmodified, against the emulator", () => {
  it("logs in, creates a one-phrase tracker, lists, runs a text job, waits, reads trackers-detected and deletes", async () => {
    emulator = await startEmulator({ port: 0 });
    const sample = new SampleClient({ SYMBL_API_URL: emulator.url, APP_ID: DEFAULT_EMULATOR_APP_ID, APP_SECRET: DEFAULT_EMULATOR_APP_SECRET, POLL_MS: "1" });
    const token = await sample.login();
    const id = await sample.createTracker(token, "Refund Mention", ["refund"]);
    expect(JSON.parse(await sample.listTrackers(token)).trackers).toEqual([{ id, name: "Refund Mention", vocabulary: ["refund"] }]);

    for (const enableAllTrackers of [true, "true"]) {
      const { conversationId, jobId } = await sample.processText(token, ["Hello, I would like a refund for this order."], { enableAllTrackers });
      const job = await sample.wait(token, jobId);
      // The sample stops polling at the first status that is not in_progress and reads the results right away.
      expect(job.status).toBe("completed");
      const detected = await sample.trackersDetected(token, conversationId);
      expect(detected).toEqual([expect.objectContaining({ id, name: "Refund Mention", matches: [expect.objectContaining({ value: "refund" })] })]);
    }

    expect(await sample.deleteTracker(token, id)).toBe(id);
    expect(JSON.parse(await sample.listTrackers(token)).trackers).toEqual([]);
    await expect(sample.deleteTracker(token, id)).rejects.toThrow(/^404: \{"message":".+","statusCode":404\}$/);
  });
});

describe("the contract's routes and statuses are what the emulator serves", () => {
  it("answers every Gen-1 endpoint with its contract success status", async () => {
    emulator = await startEmulator({ port: 0 });
    const token = await fetchToken(emulator.url);
    const seen = new Set<string>();
    const expectStatus = async (name: keyof typeof GEN1, path: string, body?: unknown) => {
      const endpoint: Endpoint = GEN1[name];
      const response = await call(emulator!.url, endpoint.method, path, { token, ...(body === undefined ? {} : { body }) });
      expect(response.status, `${name} ${response.text}`).toBe(endpoint.successStatus);
      seen.add(name);
      return response.json;
    };
    const created = await expectStatus("createOne", buildPath(GEN1.createOne), { name: "One", vocabulary: ["a"] });
    await expectStatus("createMany", buildPath(GEN1.createMany), [{ name: "Two", vocabulary: ["b"] }]);
    await expectStatus("list", buildPath(GEN1.list));
    await expectStatus("list", buildPath(GEN1.list, {}, { name: "One" }));
    await expectStatus("listAlias", buildPath(GEN1.listAlias));
    const id = created.tracker.id as string;
    await expectStatus("getOne", buildPath(GEN1.getOne, { id }));
    await expectStatus("update", buildPath(GEN1.update, { id }), { id, name: "One", vocabulary: ["c"] });
    await expectStatus("remove", buildPath(GEN1.remove, { id }));
    expect([...seen].sort()).toEqual(Object.keys(GEN1).sort());
  });

  it("serves every Async and Experience endpoint of the contract, and every error body is {message, statusCode}", async () => {
    emulator = await startEmulator({ port: 0 });
    const token = await fetchToken(emulator.url);
    const processed = await call(emulator.url, ASYNC.processText.method, buildPath(ASYNC.processText), { token, body: { messages: [{ payload: { content: "hi" } }] } });
    expect(processed.status).toBe(ASYNC.processText.successStatus);
    const { conversationId, jobId } = processed.json as { conversationId: string; jobId: string };
    const checks: Array<[Endpoint, Record<string, string>, unknown]> = [
      [ASYNC.appendText, { conversationId }, { messages: [{ payload: { content: "again" } }] }],
      [ASYNC.job, { jobId }, undefined],
      [ASYNC.trackersDetected, { conversationId }, undefined],
      [ASYNC.trackersDeprecated, { conversationId }, undefined],
      [ASYNC.createExperience, { conversationId }, { name: "verbose-text-summary" }],
    ];
    for (const [endpoint, params, body] of checks) {
      const response = await call(emulator.url, endpoint.method, buildPath(endpoint, params), { token, ...(body === undefined ? {} : { body }) });
      expect(response.status, `${endpoint.path} ${response.text}`).toBe(endpoint.successStatus);
    }
    const errors = [
      await call(emulator.url, "GET", "/v1/manage/tracker/999", { token }),
      await call(emulator.url, "POST", "/v1/manage/trackers", { token, body: { name: "x" } }),
      await call(emulator.url, "GET", "/v1/job/nope", { token }),
      await call(emulator.url, "POST", "/v1/process/text", { token, body: {} }),
      await call(emulator.url, "DELETE", "/v1/job/nope", { token }),
      await call(emulator.url, "POST", `/v1/conversations/${conversationId}/experiences`, { token, body: { name: "audio-summary" } }),
      await call(emulator.url, "GET", "/v1/manage/trackers"),
    ];
    for (const response of errors) expect(response.json, response.text).toEqual({ message: expect.any(String), statusCode: response.status });
  });
});

describe.each(PUT_BEHAVIORS)("tracker-sync's client against the emulator with PUT %s", (behavior) => {
  it("creates, lists, finds, reads, updates with the account's PUT semantics and deletes", async () => {
    emulator = await startEmulator({ port: 0, putMode: behavior });
    const api = clientFor(emulator);
    const one = await api.createTracker({ name: "Promotion Mention", vocabulary: ["promotion", "discount", "offer", "sale"] });
    const [two] = await api.createTrackers([{ name: "Refund", vocabulary: ["refund"] }]);
    expect((await api.listTrackers()).map((tracker) => tracker.name).sort()).toEqual(["Promotion Mention", "Refund"]);
    expect(await api.findTrackersByName("Refund")).toEqual([two]);
    expect(await api.getTracker(one.id)).toEqual(one);

    // Symbl's Update Tracker example: 3 phrases sent; an appending account answers the 4 old plus the new ones.
    const updated = await api.updateTracker({ id: one.id, name: "Promotion Mention", vocabulary: ["deal", "coupon", "sale"] });
    expect(updated.vocabulary).toEqual(behavior === "append" ? ["promotion", "discount", "offer", "sale", "deal", "coupon"] : ["deal", "coupon", "sale"]);
    expect(await api.getTracker(one.id)).toEqual(updated);

    await api.deleteTracker(one.id);
    const gone = await api.getTracker(one.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ApiError);
    expect((gone as ApiError).status).toBe(404);
    const conflict = await api.createTracker({ name: "Refund", vocabulary: ["x"] }).catch((error: unknown) => error);
    expect(conflict).toMatchObject({ status: 409, serverMessage: expect.stringContaining("Refund") });
  });
});
