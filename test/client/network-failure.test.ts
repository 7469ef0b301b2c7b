import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { createTrackersApi, type RetryEvent } from "../../src/client/create-trackers-api.js";
import { UserError } from "../../src/errors.js";
import { createCapturedIo } from "../helpers/cli-io.js";

const TOKEN = { SYMBL_ACCESS_TOKEN: "test-token-123" };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A port that was just listening on 127.0.0.1 and is now closed: connecting is refused. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function recordingApi(env: Record<string, string>, extra: { fetch?: typeof fetch } = {}) {
  const retries: RetryEvent[] = [];
  const api = createTrackersApi({ env: { ...TOKEN, ...env }, sleep: async () => {}, random: () => 0, onRetry: (event) => retries.push(event), ...extra });
  return { api, retries };
}

describe("network failures", () => {
  it("connection refused: names the URL, says to check SYMBL_API_URL and the emulator, and does not retry", async () => {
    const url = await closedPortUrl();
    const { api, retries } = recordingApi({ SYMBL_API_URL: url });
    const error = await api.listTrackers().then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error?.message).toBe(
      `Cannot reach the Symbl API: GET /v1/manage/trackers failed: connection refused: nothing is listening at ${url.slice("http://".length)}. Tried ${url}/v1/manage/trackers. Check SYMBL_API_URL (host and port; for the local emulator, start 'tracker-sync emulator' and use the URL it prints). Not retried: another attempt would fail the same way.`,
    );
    expect(retries).toEqual([]);
    expect(api.stats().requests).toBe(1);
  });

  it("a refused create is not retried either, since nothing was sent", async () => {
    const { api, retries } = recordingApi({ SYMBL_API_URL: await closedPortUrl() });
    await expect(api.createTrackers([{ name: "A", vocabulary: ["a"] }])).rejects.toThrow("connection refused");
    expect(retries).toEqual([]);
    expect(api.stats().requests).toBe(1);
  });

  it("unknown host: names the host and the setting, without retrying", async () => {
    // fetch reports DNS failures as TypeError("fetch failed") with the system error as its cause.
    const failingFetch = (async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.symbl.example"), { code: "ENOTFOUND" }) });
    }) as typeof fetch;
    const { api, retries } = recordingApi({ SYMBL_API_URL: "https://api.symbl.example" }, { fetch: failingFetch });
    await expect(api.listTrackers()).rejects.toThrow("failed: unknown host 'api.symbl.example'. Tried https://api.symbl.example/v1/manage/trackers. Check the host name in SYMBL_API_URL");
    expect(retries).toEqual([]);
  });

  it("https:// to a plain-http server: says to check the scheme, without retrying", async () => {
    server = createServer((_request, response) => response.end("{}"));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const { api, retries } = recordingApi({ SYMBL_API_URL: `https://127.0.0.1:${port}` });
    await expect(api.listTrackers()).rejects.toThrow("the TLS handshake failed");
    await expect(api.listTrackers()).rejects.toThrow("Check the scheme in SYMBL_API_URL: the emulator speaks http://");
    expect(retries).toEqual([]);
  });

  it("an invalid URL is refused before any request, naming where it came from", () => {
    expect(() => createTrackersApi({ env: { ...TOKEN, SYMBL_API_URL: "localhost:8787" } })).toThrow(
      'SYMBL_API_URL is "localhost:8787", which is not an http:// or https:// URL. Include the scheme and host, e.g. http://127.0.0.1:8787',
    );
    expect(() => createTrackersApi({ env: TOKEN, apiUrl: "ftp://symbl.example" })).toThrow('apiUrl in the config file is "ftp://symbl.example"');
    expect(() => createTrackersApi({ env: { ...TOKEN, SYMBL_API_URL: "http://user:pw@" } })).toThrow('SYMBL_API_URL is "http://"');
  });

  it("a dropped connection is retried, each wait reported, and the last error names the URL", async () => {
    server = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const retries: RetryEvent[] = [];
    const api = createTrackersApi({ env: { ...TOKEN, SYMBL_API_URL: url }, retry: { maxAttempts: 3 }, sleep: async () => {}, random: () => 0.5, onRetry: (event) => retries.push(event) });
    await expect(api.listTrackers()).rejects.toThrow(`(attempt 3 of 3). Tried ${url}/v1/manage/trackers. Check SYMBL_API_URL and the network; running the command again retries.`);
    expect(retries.map((event) => [event.attempt, event.maxAttempts, event.requestedByServer])).toEqual([
      [1, 3, false],
      [2, 3, false],
    ]);
  });

  it("plan on the command line stops at once with the sentence, exit 1", async () => {
    const url = await closedPortUrl();
    const io = createCapturedIo({ cwd: `${import.meta.dirname}/../..`, env: { ...TOKEN, SYMBL_API_URL: url } });
    expect(await runCli(["plan"], io)).toBe(1);
    expect(io.stderrText).toContain(`Error: Cannot reach the Symbl API: GET /v1/manage/trackers failed: connection refused`);
    expect(io.stderrText).toContain(`Tried ${url}/v1/manage/trackers.`);
    expect(io.stderrText).not.toContain("Internal error");
  });
});
