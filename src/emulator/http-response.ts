import type { ServerResponse } from "node:http";
import { createErrorBody } from "../contract/trackers-contract.js";

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(response, status, "application/json; charset=utf-8", JSON.stringify(body), headers);
}

/** Every emulator error body is `{message, statusCode}`. */
export function sendError(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, createErrorBody(status, message), headers);
}

export function sendText(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  const bytes = Buffer.from(body, "utf8");
  response.writeHead(status, { ...headers, "content-type": contentType, "content-length": String(bytes.length) });
  response.end(bytes);
}
