import http from "node:http";
import https from "node:https";

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Longest silence between two bytes of the response. */
  timeoutMs: number;
  /** Longest time for the whole exchange, however steadily bytes arrive (a server dripping one byte every few seconds). */
  deadlineMs?: number;
  /** Largest response body accepted; a larger one is cut off unread. */
  maxResponseBytes?: number;
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

/** The whole exchange took longer than the request's deadline. */
export class TransportDeadlineError extends Error {
  constructor(deadlineMs: number) {
    super(`no complete response within ${deadlineMs} ms`);
    this.name = "DeadlineError";
  }
}

/** The response body grew past the request's cap; reading on would exhaust memory (a 1.2 GB body once crashed the CLI). */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response is larger than ${maxBytes} bytes`);
    this.name = "ResponseTooLargeError";
  }
}

/** A transport over an injected (or the global) fetch; used by tests that script responses. */
export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return async (request) => {
    const signal = AbortSignal.timeout(Math.min(request.timeoutMs, request.deadlineMs ?? Infinity));
    const init: RequestInit = { method: request.method, headers: request.headers, signal };
    if (request.body !== undefined) init.body = request.body;
    const response = await fetchImpl(request.url, init);
    return { status: response.status, statusText: response.statusText, retryAfter: response.headers.get("retry-after"), text: await readCappedBody(response, request.maxResponseBytes) };
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
      const outgoing = send(url, { method: request.method, headers, agent: secure ? agents["https:"] : agents["http:"] }, (incoming) => {
        const chunks: Buffer[] = [];
        let received = 0;
        incoming.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (request.maxResponseBytes !== undefined && received > request.maxResponseBytes) {
            outgoing.destroy(new ResponseTooLargeError(request.maxResponseBytes));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on("aborted", () => reject(new Error("the connection closed before the response was complete")));
        incoming.on("error", reject);
        incoming.on("end", () => {
          clearTimeout(deadline);
          if (!incoming.complete) return reject(new Error("the connection closed before the response was complete"));
          const retryAfter = incoming.headers["retry-after"];
          resolve({
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? "",
            retryAfter: typeof retryAfter === "string" ? retryAfter : null,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      outgoing.setTimeout(request.timeoutMs, () => outgoing.destroy(new TransportTimeoutError(request.timeoutMs)));
      const deadline = request.deadlineMs !== undefined ? setTimeout(() => outgoing.destroy(new TransportDeadlineError(request.deadlineMs as number)), request.deadlineMs) : undefined;
      outgoing.on("close", () => clearTimeout(deadline));
      outgoing.on("error", (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      outgoing.end(request.body);
    });
}

async function readCappedBody(response: Response, maxBytes: number | undefined): Promise<string> {
  if (maxBytes === undefined || !response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
