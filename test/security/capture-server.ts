import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A server on 127.0.0.1 that stands for an attacker's host: it records every request and answers 200. */
export async function startCaptureServer(): Promise<{ url: string; requests: Array<{ method: string; path: string; body: string }>; close(): Promise<void> }> {
  const requests: Array<{ method: string; path: string; body: string }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", path: request.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ accessToken: "captured-token-123456", expiresIn: 3600, trackers: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
