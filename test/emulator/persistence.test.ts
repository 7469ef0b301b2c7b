import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "./emulator-client.js";

let directory: string;
let dataFile: string;
let emulator: RunningEmulator | undefined;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "emulator-state-"));
  dataFile = join(directory, "nested", "state.json");
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await rm(directory, { recursive: true, force: true });
});

describe("data file durability", () => {
  it("starts empty on a missing file, creates it on the first write, and keeps trackers and ids across a restart", async () => {
    emulator = await startEmulator({ port: 0, dataFile });
    let token = await fetchToken(emulator.url);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).json).toEqual({ trackers: [] });
    await expect(readFile(dataFile, "utf8")).rejects.toThrow();

    const created = await call(emulator.url, "POST", "/v1/manage/trackers", {
      token,
      body: [
        { name: "One", vocabulary: ["a"] },
        { name: "Two", vocabulary: ["b"] },
      ],
    });
    const ids = created.json.trackers.map((tracker: { id: string }) => tracker.id);
    // The response is only sent after the file is on disk.
    expect(JSON.parse(await readFile(dataFile, "utf8")).trackers).toEqual(created.json.trackers);
    await call(emulator.url, "PUT", `/v1/manage/tracker/${ids[0]}`, { token, body: { id: ids[0], name: "One", vocabulary: ["a", "c"] } });
    await call(emulator.url, "DELETE", `/v1/manage/tracker/${ids[1]}`, { token });
    await emulator.close();

    emulator = await startEmulator({ port: 0, dataFile });
    token = await fetchToken(emulator.url);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).json).toEqual({ trackers: [{ id: ids[0], name: "One", vocabulary: ["a", "c"] }] });
    const next = await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "Three", vocabulary: ["d"] } });
    expect(ids).not.toContain(next.json.tracker.id);
    expect((await readdir(join(directory, "nested"))).sort()).toEqual(["state.json"]);
  });

  it("gives the same ids for the same seed and never reuses an id after a reset", async () => {
    const first = await startEmulator({ port: 0, seed: 7 });
    const second = await startEmulator({ port: 0, seed: 7 });
    try {
      const create = async (url: string, name: string) =>
        (await call(url, "POST", "/v1/manage/tracker", { token: await fetchToken(url), body: { name, vocabulary: ["a"] } })).json.tracker.id as string;
      const a = await create(first.url, "A");
      expect(await create(second.url, "A")).toBe(a);
      await call(first.url, "POST", "/__emulator/reset");
      expect(await create(first.url, "A")).not.toBe(a);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("seeds initialTrackers only into an empty account and persists them", async () => {
    emulator = await startEmulator({
      port: 0,
      dataFile,
      initialTrackers: [
        { id: "1234567890123456", name: "Seeded", vocabulary: ["x"] },
        { name: "Other", vocabulary: ["y"] },
      ],
    });
    expect(emulator.trackers()).toEqual([
      { id: "1234567890123456", name: "Seeded", vocabulary: ["x"] },
      { id: expect.stringMatching(/^\d{16}$/), name: "Other", vocabulary: ["y"] },
    ]);
    await emulator.close();
    emulator = await startEmulator({ port: 0, dataFile, initialTrackers: [{ name: "Ignored", vocabulary: ["z"] }] });
    expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["Seeded", "Other"]);
  });

  it("seeds trackers that break today's content rules (existing state) but rejects bad shapes and repeats", async () => {
    emulator = await startEmulator({ port: 0, initialTrackers: [{ name: "Legacy", vocabulary: ["why?", "why?"] }] });
    expect(emulator.trackers()[0]?.vocabulary).toEqual(["why?", "why?"]);
    await expect(
      startEmulator({
        port: 0,
        initialTrackers: [
          { name: "A", vocabulary: ["a"] },
          { name: "A", vocabulary: ["b"] },
        ],
      }),
    ).rejects.toThrow(/repeats the name "A"/);
    await expect(startEmulator({ port: 0, initialTrackers: [{ name: "A", vocabulary: "a" as unknown as string[] }] })).rejects.toThrow(/array of strings/);
    await expect(
      startEmulator({
        port: 0,
        initialTrackers: [
          { id: "1", name: "A", vocabulary: [] },
          { id: "1", name: "B", vocabulary: [] },
        ],
      }),
    ).rejects.toThrow(/same id/);
  });

  it.each([
    ["not JSON", "{ trackers: oops", /is not valid JSON.*delete it/s],
    ["a JSON array", "[]", /not an emulator state file: the top level is not a JSON object/],
    ["without a format marker", JSON.stringify({ trackers: [] }), /"format"/],
    [
      "with duplicate ids",
      JSON.stringify({
        format: "tracker-sync-emulator-state",
        version: 1,
        idGenerator: { offset: "5", counter: 0 },
        trackers: [
          { id: "1", name: "A", vocabulary: [] },
          { id: "1", name: "B", vocabulary: [] },
        ],
      }),
      /the id 1 appears twice/,
    ],
  ])("refuses to start on a data file that is %s, naming the file, and leaves it untouched", async (_label, content, message) => {
    await writeFile(join(directory, "bad.json"), content);
    const start = startEmulator({ port: 0, dataFile: join(directory, "bad.json") });
    await expect(start).rejects.toBeInstanceOf(UserError);
    await expect(start).rejects.toThrow(message);
    await expect(start).rejects.toThrow(join(directory, "bad.json"));
    expect(await readFile(join(directory, "bad.json"), "utf8")).toBe(content);
  });

  it("refuses to start when the data file cannot be read", async () => {
    await expect(startEmulator({ port: 0, dataFile: directory })).rejects.toThrow(/could not be read/);
  });

  it("answers 500 and changes nothing when the data file cannot be written", async () => {
    emulator = await startEmulator({ port: 0, dataFile: join(directory, "gone", "state.json") });
    // After startup the data file's directory becomes a plain file, so every save fails.
    await writeFile(join(directory, "gone"), "a file where a directory is needed");
    const token = await fetchToken(emulator.url);
    const response = await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "Lost", vocabulary: ["a"] } });
    expect(response.status).toBe(500);
    expect(response.json.message).toMatch(/could not save its data file.*nothing was changed/);
    expect(emulator.trackers()).toEqual([]);
  });
});
