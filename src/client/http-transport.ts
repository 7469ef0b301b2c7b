import http from "node:http";
import https from "node:https";

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  retryAfter: string | null;
  text: string;
}

/** Sends one request; rejects when no complete response arrived (timeout, reset, dropped connection). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export class TransportTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

/** A transport over an injected (or the global) fetch; used by tests that script responses. */
export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return async (request) => {
    const init: RequestInit = { method: request.method, headers: request.headers, signal: AbortSignal.timeout(request.timeoutMs) };
    if (request.body !== undefined) init.body = request.body;
    const response = await fetchImpl(request.url, init);
    return { status: response.status, statusText: response.statusText, retryAfter: response.headers.get("retry-after"), text: await response.text() };
  };
}

/**
 * The default transport: node:http(s) with one kept-alive connection. Every call waits for the previous
 * one, so per-request overhead is what the apply wall time is made of; node:http costs a fraction of fetch.
 */
export function createNodeHttpTransport(): Transport {
  const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 4 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 4 }) };
  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === "https:";
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) headers["content-length"] = Buffer.byteLength(request.body);
      const send = secure ? https.request : http.request;
      const outgoing = send(
        url,
        { method: request.method, headers, agent: secure ? agents["https:"] : agents["http:"] },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("aborted", () => reject(new Error("the connection closed before the response was complete")));
          incoming.on("error", reject);
          incoming.on("end", () => {
            if (!incoming.complete) return reject(new Error("the connection closed before the response was complete"));
            const retryAfter = incoming.headers["retry-after"];
            resolve({
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? "",
              retryAfter: typeof retryAfter === "string" ? retryAfter : null,
              text: Buffer.concat(chunks).toString("utf8"),
            });
          });
        },
      );
      outgoing.setTimeout(request.timeoutMs, () => outgoing.destroy(new TransportTimeoutError(request.timeoutMs)));
      outgoing.on("error", reject);
      outgoing.end(request.body);
    });
}
