import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";

/** A real server on 127.0.0.1:0 whose behaviour each test scripts per request. */
async function startServer(handler: (request: IncomingMessage, response: ServerResponse, count: number) => void): Promise<{ server: Server; url: string }> {
  let count = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => handler(request, response, ++count));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("the default node:http transport", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("times out, retries a read, and survives a connection destroyed mid-response", async () => {
    const started = await startServer((_request, response, count) => {
      if (count === 1) return; // never answers: the client times out
      if (count === 2) {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('{"trackers": [');
        response.destroy();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ trackers: [{ id: "1", name: "A", vocabulary: ["a"] }] }));
    });
    server = started.server;
    const api = createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "test-token-123", SYMBL_API_URL: started.url }, timeoutMs: 150, sleep: async () => {}, random: () => 0 });
    expect(await api.listTrackers()).toEqual([{ id: "1", name: "A", vocabulary: ["a"] }]);
    expect(api.stats()).toMatchObject({ requests: 3, retries: 2 });
  });

  it("reports a timeout clearly once the attempts run out", async () => {
    const started = await startServer(() => undefined);
    server = started.server;
    const api = createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "test-token-123", SYMBL_API_URL: started.url }, timeoutMs: 50, retry: { maxAttempts: 2 }, sleep: async () => {} });
    await expect(api.deleteTracker("9")).rejects.toThrow("DELETE /v1/manage/tracker/9 failed: no response within 50 ms (attempt 2 of 2).");
  });

  it("reads Retry-After and an HTML 502 page from a real response", async () => {
    const started = await startServer((_request, response, count) => {
      if (count === 1) {
        response.writeHead(429, { "retry-after": "1" });
        response.end('{"message":"slow down"}');
      } else {
        response.writeHead(502, { "content-type": "text/html" });
        response.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      }
    });
    server = started.server;
    const sleeps: number[] = [];
    const api = createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "test-token-123", SYMBL_API_URL: started.url }, retry: { maxAttempts: 2 }, sleep: async (ms) => void sleeps.push(ms) });
    await expect(api.getTracker("1")).rejects.toThrow("GET /v1/manage/tracker/1 failed: 502 Bad Gateway: 502 Bad Gateway");
    expect(sleeps).toEqual([1000]);
  });
});
