import type { IncomingMessage } from "node:http";
import { MAX_REQUEST_BYTES } from "../model/limits.js";
import { EmulatorHttpError } from "./http-error.js";

export type BodyReadResult = { kind: "complete"; bytes: Buffer } | { kind: "too-large"; receivedBytes: number };

/**
 * Reads a request body, counting bytes as they arrive. At the first byte past the limit it stops
 * keeping data and reports "too-large" at once, so nothing oversized is buffered or parsed. The
 * caller answers 413; `discardRest` then drains what the client is still sending so it can read that
 * answer instead of a connection reset.
 */
export function readBody(request: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<BodyReadResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        settled = true;
        request.off("data", onData);
        request.off("end", onEnd);
        request.off("error", onError);
        request.pause();
        chunks.length = 0;
        resolve({ kind: "too-large", receivedBytes: received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      resolve({ kind: "complete", bytes: Buffer.concat(chunks, received) });
    };
    const onError = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    // A client that hung up before its body was read (say, killed during the latency wait) leaves a destroyed
    // stream that emits neither "end" nor "error"; without this the request never settles and keeps the write slot.
    const onClose = () => {
      if (settled) return;
      settled = true;
      reject(new Error("The client closed the connection before the request body was read."));
    };
    if (request.destroyed && !request.readableEnded) return onClose();
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}

// Past this much extra upload (or time) the client is not going to stop, so the socket is cut.
const DISCARD_BYTE_CAP = 64 * 1024 * 1024;
const DISCARD_TIME_CAP_MS = 10_000;

/** Throws away the rest of an oversized body without storing it. */
export function discardRest(request: IncomingMessage): void {
  let discarded = 0;
  const timer = setTimeout(() => request.socket.destroy(), DISCARD_TIME_CAP_MS);
  timer.unref();
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTE_CAP) request.socket.destroy();
  });
  request.on("end", () => clearTimeout(timer));
  request.on("close", () => clearTimeout(timer));
  request.resume();
}

/** Parses a JSON body; an empty body is `undefined`. Malformed JSON is a 400. */
export function parseJsonBody(bytes: Buffer): unknown {
  const text = bytes.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EmulatorHttpError(400, `The request body is not valid JSON (${detail}). Send a JSON document with Content-Type: application/json.`);
  }
}
