import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GEN2_PATCH_NOT_ARRAY_MESSAGE } from "../../src/contract/trackers-gen2.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "./emulator-client.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  emulator = await startEmulator({ port: 0, ...options });
  const token = await fetchToken(emulator.url);
  const running = emulator;
  return (method: string, path: string, body?: unknown) => call(running.url, method, path, { token, body });
}

describe("generation-2 routes on the same store as Gen-1", () => {
  it("creates with an object, patches on the same id and keeps the id through a rename and a phrase removal", async () => {
    const api = await start();
    const created = await api("POST", "/v1/manage/trackers", { name: "Refunds", categories: ["Support"], languages: ["en-US"], vocabulary: ["money back", "refund please", "store credit"] });
    expect(created.status).toBe(201);
    const id = created.json.tracker.id as string;
    expect(created.json.tracker).toMatchObject({ id: expect.stringMatching(/^\d{16}$/), createdOn: expect.any(String), updatedOn: expect.any(String) });
    const patched = await api("PATCH", `/v1/manage/trackers/${id}`, [
      { op: "replace", path: "/name", value: "Refund Request" },
      { op: "remove", path: "/vocabulary", value: "store credit" },
      { op: "replace", path: "/description", value: "Money back" },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.json.tracker).toMatchObject({ id, name: "Refund Request", description: "Money back", vocabulary: ["money back", "refund please"] });
    expect((await api("GET", `/v1/manage/trackers/${id}`)).json.tracker.name).toBe("Refund Request");
    // The Gen-1 view of the same account sees the same tracker under the same id.
    expect((await api("GET", `/v1/manage/tracker/${id}`)).json.tracker).toMatchObject({ id, name: "Refund Request" });
    expect((await api("DELETE", `/v1/manage/trackers/${id}`)).status).toBe(200);
    expect(emulator?.trackers()).toEqual([]);
  });

  it("answers a non-array PATCH body with Symbl's recorded 400 and changes nothing", async () => {
    const api = await start({ initialTrackers: [{ id: "1000000000000001", name: "A", vocabulary: ["a"] }] });
    for (const body of [{ op: "replace", path: "/name", value: "B" }, "B", null]) {
      const response = await api("PATCH", "/v1/manage/trackers/1000000000000001", body);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ message: GEN2_PATCH_NOT_ARRAY_MESSAGE, statusCode: 400 });
    }
    expect(emulator?.trackers()[0]?.name).toBe("A");
  });

  it("rejects bad operations as a whole (atomic), and treats a repeated add or remove as no change", async () => {
    const api = await start({
      initialTrackers: [
        { id: "1000000000000001", name: "A", vocabulary: ["a", "b"] },
        { id: "1000000000000002", name: "Taken", vocabulary: ["t"] },
      ],
    });
    const path = "/v1/manage/trackers/1000000000000001";
    const replaceList = await api("PATCH", path, [
      { op: "remove", path: "/vocabulary", value: "a" },
      { op: "replace", path: "/vocabulary", value: "x" },
    ]);
    expect(replaceList.status).toBe(400);
    expect(replaceList.json.message).toMatch(/one value at a time/);
    expect((await api("PATCH", path, [{ op: "add", path: "/vocabulary", value: ["x"] }])).status).toBe(400);
    expect((await api("PATCH", path, [{ op: "add", path: "/vocabulary", value: "bad?" }])).status).toBe(400);
    expect((await api("PATCH", path, [{ op: "remove", path: "/languages", value: "en-US" }])).status).toBe(400);
    expect((await api("PATCH", path, [{ op: "replace", path: "/name", value: "Taken" }])).status).toBe(409);
    expect((await api("PATCH", "/v1/manage/trackers/999", [{ op: "add", path: "/vocabulary", value: "x" }])).status).toBe(404);
    expect(emulator?.trackers()[0]?.vocabulary).toEqual(["a", "b"]);
    const twice = [
      { op: "add", path: "/vocabulary", value: "c" },
      { op: "remove", path: "/vocabulary", value: "zzz" },
    ];
    expect((await api("PATCH", path, twice)).json.tracker.vocabulary).toEqual(["a", "b", "c"]);
    expect((await api("PATCH", path, twice)).json.tracker.vocabulary).toEqual(["a", "b", "c"]);
  });

  it("creates several trackers on /bulk, all or none", async () => {
    const api = await start();
    const bulk = await api("POST", "/v1/manage/trackers/bulk", [
      { name: "A", vocabulary: ["a"] },
      { name: "B", vocabulary: ["b"], languages: ["en-GB"] },
    ]);
    expect(bulk.status).toBe(201);
    expect(bulk.json.trackers.map((tracker: { languages: string[] }) => tracker.languages)).toEqual([["en-US"], ["en-GB"]]);
    expect(
      (
        await api("POST", "/v1/manage/trackers/bulk", [
          { name: "C", vocabulary: ["c"] },
          { name: "A", vocabulary: ["a"] },
        ])
      ).status,
    ).toBe(409);
    expect(emulator?.trackers().map((tracker) => tracker.name)).toEqual(["A", "B"]);
  });

  it("with --api-generation 2 starts with Symbl-managed trackers and detects all trackers in the Async API by default", async () => {
    const api = await start({ apiGeneration: 2 });
    const listed = (await api("GET", "/v1/manage/trackers")).json.trackers as Array<{ name: string; managed?: boolean; languages: string[] }>;
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((tracker) => tracker.managed === true && tracker.languages.length > 0)).toBe(true);
    const job = await api("POST", "/v1/process/text", { messages: [{ payload: { content: "What are the next steps? Please cancel my subscription." } }] });
    expect(job.status).toBe(201);
    for (let poll = 0; poll < 10 && (await api("GET", `/v1/job/${job.json.jobId}`)).json.status !== "completed"; poll++);
    const detected = (await api("GET", `/v1/conversations/${job.json.conversationId}/trackers-detected`)).json as Array<{ name: string }>;
    expect(detected.map((tracker) => tracker.name).sort()).toEqual(["Managed: Cancellation", "Managed: Next Steps"]);
    const optedOut = await api("POST", "/v1/process/text", { enableAllTrackers: false, messages: [{ payload: { content: "next steps" } }] });
    for (let poll = 0; poll < 10 && (await api("GET", `/v1/job/${optedOut.json.jobId}`)).json.status !== "completed"; poll++);
    expect((await api("GET", `/v1/conversations/${optedOut.json.conversationId}/trackers-detected`)).json).toEqual([]);
  });

  it("keeps Gen-1 answers as they were for trackers created through Gen-1", async () => {
    const api = await start();
    const created = await api("POST", "/v1/manage/tracker", { name: "A", vocabulary: ["a"] });
    expect(created.json).toEqual({ tracker: { id: expect.any(String), name: "A", vocabulary: ["a"] } });
  });
});

describe("generation-2 fields in the data file", () => {
  it("survive a restart, and a malformed generation-2 field is refused with a clear error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gen2-state-"));
    try {
      const dataFile = join(dir, "state.json");
      const first = await startEmulator({ port: 0, dataFile, apiGeneration: 2 });
      const seeded = first.trackers();
      await first.close();
      const second = await startEmulator({ port: 0, dataFile });
      expect(second.trackers()).toEqual(seeded);
      expect(seeded[0]).toMatchObject({ managed: true, categories: expect.any(Array), languages: ["en-US"] });
      await second.close();
      const state = JSON.parse(await readFile(dataFile, "utf8"));
      state.trackers[0].categories = "Sales";
      await writeFile(dataFile, JSON.stringify(state));
      await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/trackers\[0\]\.categories is not an array of strings/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
