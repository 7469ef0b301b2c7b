import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { call, fetchToken } from "./emulator-client.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("POST /oauth2/token:generate", () => {
  it("issues a token with the documented lifetime and returns the same token with its remaining lifetime", async () => {
    let clock = 1_000_000;
    emulator = await startEmulator({ port: 0, now: () => clock });
    const body = { type: "application", appId: "emulator-app-id", appSecret: "emulator-app-secret" };
    const first = await call(emulator.url, "POST", "/oauth2/token:generate", { body });
    expect(first.status).toBe(200);
    expect(first.json.expiresIn).toBe(86_400);
    expect(first.json.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    clock += 3_600_000;
    const second = await call(emulator.url, "POST", "/oauth2/token:generate", { body });
    expect(second.json).toEqual({ accessToken: first.json.accessToken, expiresIn: 86_400 - 3_600 });
  });

  it("rejects wrong credentials with 401 and malformed requests with 400", async () => {
    emulator = await startEmulator({ port: 0, appId: "my-app", appSecret: "my-secret" });
    const wrong = await call(emulator.url, "POST", "/oauth2/token:generate", { body: { type: "application", appId: "my-app", appSecret: "nope" } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.statusCode).toBe(401);
    expect(typeof wrong.json.message).toBe("string");
    const defaults = await call(emulator.url, "POST", "/oauth2/token:generate", { body: { type: "application", appId: "emulator-app-id", appSecret: "emulator-app-secret" } });
    expect(defaults.status).toBe(401);
    const noType = await call(emulator.url, "POST", "/oauth2/token:generate", { body: { appId: "my-app", appSecret: "my-secret" } });
    expect(noType.status).toBe(400);
    const broken = await call(emulator.url, "POST", "/oauth2/token:generate", { rawBody: "{not json" });
    expect(broken.status).toBe(400);
    expect(broken.json.message).toMatch(/not valid JSON/);
    const ok = await call(emulator.url, "POST", "/oauth2/token:generate", { body: { type: "application", appId: "my-app", appSecret: "my-secret" } });
    expect(ok.status).toBe(200);
    const getToken = await call(emulator.url, "GET", "/oauth2/token:generate");
    expect(getToken.status).toBe(405);
  });

  it("answers an expired token with the documented 401 body and issues a new token after expiry", async () => {
    let clock = 5_000_000;
    emulator = await startEmulator({ port: 0, now: () => clock, tokenTtlSeconds: 60 });
    const token = await fetchToken(emulator.url);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).status).toBe(200);
    clock += 60_000;
    const expired = await call(emulator.url, "GET", "/v1/manage/trackers", { token });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ message: "Token validation failed for provided token.", statusCode: 401 });
    const renewed = await fetchToken(emulator.url);
    expect(renewed).not.toBe(token);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token: renewed })).status).toBe(200);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).status).toBe(401);
  });
});

describe("management authentication", () => {
  it("requires a token, accepts Bearer and the deprecated x-api-key header, rejects unknown tokens", async () => {
    emulator = await startEmulator({ port: 0 });
    const none = await call(emulator.url, "GET", "/v1/manage/trackers");
    expect(none.status).toBe(401);
    expect(none.json.message).toBe("Token validation failed for provided token.");
    const unknown = await call(emulator.url, "GET", "/v1/manage/trackers", { token: "abc.def.ghi" });
    expect(unknown.status).toBe(401);
    const token = await fetchToken(emulator.url);
    expect((await call(emulator.url, "GET", "/v1/manage/trackers", { token })).status).toBe(200);
    const apiKey = await call(emulator.url, "POST", "/v1/manage/tracker", { headers: { "x-api-key": token }, body: { name: "Via key", vocabulary: ["hello"] } });
    expect(apiKey.status).toBe(201);
    const writeWithoutToken = await call(emulator.url, "POST", "/v1/manage/tracker", { body: { name: "No token", vocabulary: ["hello"] } });
    expect(writeWithoutToken.status).toBe(401);
    expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["Via key"]);
  });
});
