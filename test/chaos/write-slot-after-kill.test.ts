import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "../emulator/emulator-client.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Sends a complete write, then cuts the connection while the emulator is still in its latency wait. */
function sendWriteAndHangUp(url: string, token: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ name: "Killed Client", vocabulary: ["killed client phrase"] });
    const outgoing = request(`${url}/v1/manage/tracker`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    outgoing.on("error", () => resolve());
    outgoing.end(body);
    setTimeout(() => {
      outgoing.destroy();
      resolve();
    }, afterMs);
  });
}

// Found by the SIGKILL chaos schedules (seed 20): an apply killed during the emulator's latency wait left
// the write slot taken for good, so every later write got "429 Too many concurrent requests".
describe("a client killed in the middle of a write", () => {
  it("frees the emulator's write slot once the connection is gone", async () => {
    emulator = await startEmulator({ port: 0, latencyMs: 150 });
    const token = await fetchToken(emulator.url);
    await sendWriteAndHangUp(emulator.url, token, 30);
    await new Promise((resolve) => setTimeout(resolve, 300));
    emulator.setFaults({ latencyMs: 0 });
    const next = await call(emulator.url, "POST", "/v1/manage/tracker", { token, body: { name: "After The Kill", vocabulary: ["after the kill"] } });
    expect(next.status, next.text).toBe(201);
  });
});
