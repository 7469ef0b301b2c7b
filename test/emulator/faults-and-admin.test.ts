import { networkInterfaces } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackAddress } from "../../src/emulator/admin-routes.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "./emulator-client.js";

const running: RunningEmulator[] = [];
async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ port: 0, ...options });
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

describe("injected faults", () => {
  it("fails before the write with 500/502/504, commits nothing, and sends gateway-style HTML for 502/504", async () => {
    const emulator = await start();
    const token = await fetchToken(emulator.url);
    emulator.setFaults({ failRate: 1, seed: 11 });
    const seen = new Map<number, string>();
    for (let index = 0; index < 12; index += 1) {
      const response = await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: `F${index}`, vocabulary: ["a"] } });
      seen.set(response.status, response.headers.get("content-type") ?? "");
      if (response.status === 500) expect(response.json).toEqual({ message: expect.any(String), statusCode: 500 });
      else expect(response.text).toMatch(/<html>.*<h1>50[24] /s);
    }
    expect([...seen.keys()].every((status) => [500, 502, 504].includes(status))).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
    expect(emulator.trackers()).toEqual([]);
    expect(
      emulator
        .requests()
        .filter((entry) => entry.path === "/v1/manage/tracker")
        .every((entry) => entry.fault === "fail"),
    ).toBe(true);
  });

  it("injects the same faults for the same seed", async () => {
    const statusesFor = async () => {
      const emulator = await start();
      const token = await fetchToken(emulator.url);
      emulator.setFaults({ failRate: 0.4, rateLimitRate: 0.2, seed: 42 });
      const statuses: number[] = [];
      for (let index = 0; index < 30; index += 1) statuses.push((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).status);
      return statuses;
    };
    const first = await statusesFor();
    expect(await statusesFor()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it("answers injected 429s with Retry-After when retryAfterSeconds is set", async () => {
    const emulator = await start();
    const token = await fetchToken(emulator.url);
    emulator.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    const limited = await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "R", vocabulary: ["a"] } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.json.statusCode).toBe(429);
    emulator.setFaults({ retryAfterSeconds: undefined });
    const bare = await call(emulator.url, "GET", "/v1/manage/trackers", { token });
    expect(bare.status).toBe(429);
    expect(bare.headers.get("retry-after")).toBeNull();
    expect(emulator.trackers()).toEqual([]);
    expect(emulator.requests().at(-1)?.fault).toBe("rate-limit");
  });

  it("drops writes after committing them: the connection closes without a response, reads are never dropped", async () => {
    const emulator = await start();
    const token = await fetchToken(emulator.url);
    emulator.setFaults({ dropRate: 1 });
    await expect(call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "Dropped", vocabulary: ["a"] } })).rejects.toThrow();
    expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["Dropped"]);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).status).toBe(200);
    const dropped = emulator.requests().find((entry) => entry.method === "POST" && entry.path === "/v1/manage/tracker");
    expect(dropped).toMatchObject({ status: null, fault: "drop" });
    // A rejected write is not committed, so there is nothing to drop: the client gets its 409.
    expect((await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "Dropped", vocabulary: ["a"] } })).status).toBe(409);
  });

  it("logs latency as the fault of a delayed request", async () => {
    const emulator = await start({ latencyMs: 30 });
    await fetchToken(emulator.url);
    const [entry] = emulator.requests();
    expect(entry).toMatchObject({ method: "POST", path: "/oauth2/token:generate", status: 200, fault: "latency" });
    expect(entry!.endedAt).toBeGreaterThanOrEqual(entry!.startedAt);
  });
});

describe("admin API", () => {
  it("reads and changes faults, validating the body", async () => {
    const emulator = await start();
    const faults = await call(emulator.url, "GET", "/__emulator/faults");
    expect(faults.json).toEqual({ latencyMs: 0, failRate: 0, dropRate: 0, rateLimitRate: 0, putMode: "append", seed: 1 });
    const changed = await call(emulator.url, "POST", "/__emulator/faults", { body: { putMode: "replace", latencyMs: 5, retryAfterSeconds: 3 } });
    expect(changed.json).toMatchObject({ putMode: "replace", latencyMs: 5, retryAfterSeconds: 3 });
    const cleared = await call(emulator.url, "POST", "/__emulator/faults", { body: { retryAfterSeconds: null } });
    expect(cleared.json).not.toHaveProperty("retryAfterSeconds");
    for (const body of [{ failRate: 2 }, { putmode: "merge" }, { putMode: "merge" }, { latencyMs: -1 }, { seed: 1.5 }, [1]]) {
      const response = await call(emulator.url, "POST", "/__emulator/faults", { body });
      expect(response.status).toBe(400);
      expect(response.json.statusCode).toBe(400);
    }
    expect((await call(emulator.url, "POST", "/__emulator/faults", { rawBody: "{" })).status).toBe(400);
    expect(() => emulator.setFaults({ dropRate: -0.5 })).toThrow(/dropRate/);
  });

  it("lists API requests (not admin ones), reports state and resets the account and the log", async () => {
    const emulator = await start({ initialTrackers: [{ name: "Seed", vocabulary: ["a"] }] });
    const token = await fetchToken(emulator.url);
    await call(emulator.url, "GET", "/v1/manage/trackers?name=Seed", { token });
    await call(emulator.url, "GET", "/nowhere", { token });
    const requests = await call(emulator.url, "GET", "/__emulator/requests");
    expect(requests.json).toEqual([
      { method: "POST", path: "/oauth2/token:generate", status: 200, startedAt: expect.any(Number), endedAt: expect.any(Number), fault: null },
      { method: "GET", path: "/v1/manage/trackers?name=Seed", status: 200, startedAt: expect.any(Number), endedAt: expect.any(Number), fault: null },
      { method: "GET", path: "/nowhere", status: 404, startedAt: expect.any(Number), endedAt: expect.any(Number), fault: null },
    ]);
    expect(emulator.requests()).toEqual(requests.json);
    const state = await call(emulator.url, "GET", "/__emulator/state");
    expect(state.json).toMatchObject({ trackers: [{ name: "Seed" }], dataFile: null, writeInFlight: false, faults: { putMode: "append" } });
    expect((await call(emulator.url, "POST", "/__emulator/reset")).json).toEqual({ reset: true });
    expect(emulator.trackers()).toEqual([]);
    expect(emulator.requests()).toEqual([]);
    expect((await call(emulator.url, "GET", "/__emulator/reset")).status).toBe(405);
    expect((await call(emulator.url, "GET", "/__emulator/other")).status).toBe(404);
  });

  it("recognises loopback addresses only", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["10.0.0.1", "192.168.1.5", "::ffff:10.0.0.1", "fe80::1", "1127.0.0.1", undefined]) expect(isLoopbackAddress(address)).toBe(false);
  });

  const externalAddress = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === "IPv4" && !info.internal)?.address;

  it.runIf(externalAddress !== undefined)("answers 403 to admin requests from a non-loopback address", async () => {
    const emulator = await start({ host: "0.0.0.0" });
    const port = new URL(emulator.url).port;
    const response = await call(`http://${externalAddress}:${port}`, "GET", "/__emulator/state");
    expect(response.status).toBe(403);
    expect(response.json.message).toMatch(/loopback/);
    expect((await call(`http://127.0.0.1:${port}`, "GET", "/__emulator/state")).status).toBe(200);
  });
});
