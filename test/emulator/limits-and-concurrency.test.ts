import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_REQUEST_BYTES } from "../../src/model/limits.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "./emulator-client.js";

let emulator: RunningEmulator | undefined;
let directory: string | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

/** A create body padded with JSON whitespace to exactly `size` bytes. */
function paddedCreateBody(size: number): string {
  const core = JSON.stringify({ name: "Big", vocabulary: ["big one"] });
  return `${core.slice(0, -1)}${" ".repeat(size - core.length)}}`;
}

describe("1 MB body limit", () => {
  it("accepts a body of exactly 1 MB and answers 413 to 1 MB + 1 byte without creating anything", async () => {
    emulator = await startEmulator({ port: 0 });
    const token = await fetchToken(emulator.url);
    const over = paddedCreateBody(MAX_REQUEST_BYTES + 1);
    expect(Buffer.byteLength(over)).toBe(MAX_REQUEST_BYTES + 1);
    const rejected = await call(emulator.url, "POST", "/v1/manage/tracker", { token, rawBody: over });
    expect(rejected.status).toBe(413);
    expect(rejected.json).toEqual({ message: expect.stringMatching(/1 MB/), statusCode: 413 });
    expect(emulator.trackers()).toEqual([]);

    const exact = paddedCreateBody(MAX_REQUEST_BYTES);
    expect(Buffer.byteLength(exact)).toBe(MAX_REQUEST_BYTES);
    const accepted = await call(emulator.url, "POST", "/v1/manage/tracker", { token, rawBody: exact });
    expect(accepted.status).toBe(201);
  });

  it("counts bytes, not characters, and applies the limit to PUT too", async () => {
    emulator = await startEmulator({ port: 0, initialTrackers: [{ id: "1000000000000001", name: "T", vocabulary: ["a"] }] });
    const token = await fetchToken(emulator.url);
    // 2-byte UTF-8 characters: under the limit in characters, over it in bytes.
    const body = JSON.stringify({ id: "1000000000000001", name: "T", vocabulary: ["é".repeat(MAX_REQUEST_BYTES / 2 + 10)] });
    expect(body.length).toBeLessThan(MAX_REQUEST_BYTES);
    const response = await call(emulator.url, "PUT", "/v1/manage/tracker/1000000000000001", { token, rawBody: body });
    expect(response.status).toBe(413);
    expect(emulator.trackers()[0]?.vocabulary).toEqual(["a"]);
  });
});

describe("write concurrency 1", () => {
  it("answers 429 to a write that arrives while another write holds the slot, and does not limit reads", async () => {
    emulator = await startEmulator({ port: 0, latencyMs: 1_000 });
    const token = await fetchToken(emulator.url);
    const first = call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "First", vocabulary: ["a"] } });
    await waitUntilWriteInFlight(emulator.url);
    const second = await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "Second", vocabulary: ["b"] } });
    expect(second.status).toBe(429);
    expect(second.json).toEqual({ message: expect.stringMatching(/concurrency of 1/), statusCode: 429 });
    const read = await call(emulator.url, "GET", "/v1/manage/trackers", { token });
    expect(read.status).toBe(200);
    expect((await first).status).toBe(201);
    expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["First"]);
    const log = emulator.requests();
    const secondEntry = log.find((entry) => entry.status === 429);
    expect(secondEntry?.fault).toBeNull();
  });

  it("keeps one write in flight under a burst of 50 parallel writes and persists exactly the successes", async () => {
    directory = await mkdtemp(join(tmpdir(), "emulator-burst-"));
    const dataFile = join(directory, "state.json");
    emulator = await startEmulator({ port: 0, dataFile });
    const token = await fetchToken(emulator.url);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => call(emulator!.url, "POST", "/v1/manage/tracker", { token, body: { name: `Burst ${index}`, vocabulary: [`word ${index}`] } })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 429)).toBe(true);
    const successes = statuses.filter((status) => status === 201).length;
    expect(successes).toBeGreaterThanOrEqual(1);

    const writes = emulator
      .requests()
      .filter((entry) => entry.method === "POST" && entry.status === 201)
      .sort((a, b) => a.startedAt - b.startedAt);
    expect(writes).toHaveLength(successes);
    for (let index = 1; index < writes.length; index += 1) {
      expect(writes[index]!.startedAt).toBeGreaterThanOrEqual(writes[index - 1]!.endedAt);
    }

    const saved = JSON.parse(await readFile(dataFile, "utf8"));
    expect(saved.trackers).toHaveLength(successes);
    expect(emulator.trackers()).toHaveLength(successes);
    const createdNames = responses
      .filter((response) => response.status === 201)
      .map((response) => response.json.tracker.name)
      .sort();
    expect(saved.trackers.map((tracker: { name: string }) => tracker.name).sort()).toEqual(createdNames);
  });

  it("serialises a burst of sequential-retrying clients into all 50 trackers with distinct ids", async () => {
    emulator = await startEmulator({ port: 0 });
    const token = await fetchToken(emulator.url);
    await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        for (;;) {
          const response = await call(emulator!.url, "POST", "/v1/manage/tracker", { token, body: { name: `Retry ${index}`, vocabulary: ["w"] } });
          if (response.status === 201) return;
          expect(response.status).toBe(429);
          await new Promise((resolve) => setTimeout(resolve, 1 + (index % 7)));
        }
      }),
    );
    const trackers = emulator.trackers();
    expect(trackers).toHaveLength(50);
    expect(new Set(trackers.map((tracker) => tracker.id)).size).toBe(50);
  });
});

/** Polls the admin state until the first write holds the slot, so the second write surely overlaps it. */
async function waitUntilWriteInFlight(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await call(url, "GET", "/__emulator/state")).json.writeInFlight) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("the first write never took the write slot");
}
