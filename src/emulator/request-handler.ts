import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ADMIN_PREFIX, handleAdminRequest, type AdminContext } from "./admin-routes.js";
import { discardRest, parseJsonBody, readBody } from "./body-reader.js";
import type { ExtensionContext, ExtensionHandler } from "./extension.js";
import { renderFailure } from "./faults.js";
import { EmulatorHttpError } from "./http-error.js";
import { sendError, sendJson, sendText } from "./http-response.js";
import { TOKEN_ENDPOINT } from "../contract/trackers-contract.js";
import { matchManagementRoute, type ManagementRoute } from "./management-routes.js";
import type { RequestLogEntry } from "./request-log.js";
import type { TokenIssuer } from "./tokens.js";

export interface RequestHandlerContext extends AdminContext {
  tokens: TokenIssuer;
  extension: ExtensionHandler;
  extensionContext: ExtensionContext;
}

const TOKEN_PATH = TOKEN_ENDPOINT.path;
const AUTHENTICATED_EXTENSION_PREFIXES = ["/v1/process/", "/v1/job/", "/v1/conversations/"];
const PUBLIC_EXTENSION_PREFIX = "/experience/";

type Route = { kind: "token" } | { kind: "management"; route: ManagementRoute; params: Record<string, string> } | { kind: "extension"; authenticated: boolean };

/**
 * One API request, in this order: route (404/405), token check (401), write slot for writes (429),
 * latency, body with the byte limit (413), JSON parse (400), injected rate limit or failure, handler,
 * durable commit, then the response or (drop fault) a destroyed connection. Every API request is
 * logged when its response ends; admin requests are not.
 */
export function createRequestHandler(context: RequestHandlerContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://emulator.invalid");
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      handleAdminRequest(request, response, url.pathname, context).catch((error: unknown) => sendInternalError(response, error));
      return;
    }
    const entry: RequestLogEntry = { method: request.method ?? "GET", path: request.url ?? "/", status: null, startedAt: Date.now(), endedAt: 0, fault: null };
    let releaseSlot: (() => void) | undefined;
    const handled = handleApiRequest(request, response, url, entry, context, (release) => (releaseSlot = release)).catch((error: unknown) => sendInternalError(response, error));
    response.once("close", () => {
      entry.endedAt = Date.now();
      entry.status = response.writableFinished ? response.statusCode : null;
      context.log.add(entry);
      // A client that hangs up mid-write does not free the slot before the write has finished.
      void handled.finally(() => releaseSlot?.());
    });
  };
}

async function handleApiRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  entry: RequestLogEntry,
  context: RequestHandlerContext,
  holdSlot: (release: () => void) => void,
): Promise<void> {
  const method = request.method ?? "GET";
  const route = findRoute(method, url.pathname);
  if ("status" in route) return sendError(response, route.status, route.message, route.headers);

  try {
    if (route.kind === "management" || (route.kind === "extension" && route.authenticated)) context.tokens.authenticate(request.headers);
  } catch (error) {
    return sendHttpError(response, error);
  }

  const isWrite = route.kind === "management" && route.route.write;
  if (isWrite) {
    const release = context.writeSlot.tryAcquire();
    if (!release) {
      return sendError(response, 429, "Too many concurrent requests: tracker writes have a maximum concurrency of 1. Wait for the previous request to finish, then retry.");
    }
    holdSlot(release);
  }

  const faults = context.faults.get();
  if (faults.latencyMs > 0) {
    entry.fault = "latency";
    await sleep(faults.latencyMs);
  }

  const read = await readBody(request);
  if (read.kind === "too-large") {
    discardRest(request);
    return sendError(response, 413, "The request body is larger than 1 MB (1,048,576 bytes). Split the vocabulary across several trackers or requests.", {
      connection: "close",
    });
  }

  const decision = context.faults.decideBeforeHandling();
  if (decision.kind === "rate-limit") {
    entry.fault = "rate-limit";
    const retryAfter = faults.retryAfterSeconds;
    return sendError(response, 429, "Too many requests (rate limit injected by the emulator).", retryAfter === undefined ? {} : { "retry-after": String(retryAfter) });
  }
  if (decision.kind === "fail") {
    entry.fault = "fail";
    const failure = renderFailure(decision.status);
    return sendText(response, decision.status, failure.contentType, failure.body);
  }

  try {
    const body = parseJsonBody(read.bytes);
    if (route.kind === "token") return sendJson(response, TOKEN_ENDPOINT.successStatus, context.tokens.generate(body));
    if (route.kind === "extension") return await delegateToExtension(request, response, url, body, context);
    const result = await route.route.handle({ params: route.params, searchParams: url.searchParams, body, store: context.store, putBehavior: faults.putMode });
    if (isWrite && context.faults.decideDrop()) {
      // The write is committed (and on disk); the client never learns it.
      entry.fault = "drop";
      request.socket.destroy();
      return;
    }
    sendJson(response, route.route.status, result);
  } catch (error) {
    sendHttpError(response, error);
  }
}

function findRoute(method: string, pathname: string): Route | { status: number; message: string; headers?: Record<string, string> } {
  if (pathname === TOKEN_PATH) {
    return method === "POST" ? { kind: "token" } : { status: 405, message: `${TOKEN_PATH} only accepts POST.`, headers: { allow: "POST" } };
  }
  const management = matchManagementRoute(method, pathname);
  if (management && "allow" in management) {
    return { status: 405, message: `${method} is not allowed on ${pathname}; use ${management.allow.join(" or ")}.`, headers: { allow: management.allow.join(", ") } };
  }
  if (management) return { kind: "management", ...management };
  if (AUTHENTICATED_EXTENSION_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return { kind: "extension", authenticated: true };
  if (pathname.startsWith(PUBLIC_EXTENSION_PREFIX)) return { kind: "extension", authenticated: false };
  return { status: 404, message: `No route for ${method} ${pathname} in the Symbl Trackers API emulator.` };
}

async function delegateToExtension(request: IncomingMessage, response: ServerResponse, url: URL, body: unknown, context: RequestHandlerContext): Promise<void> {
  const result = await context.extension({ method: request.method ?? "GET", pathname: url.pathname, searchParams: url.searchParams, headers: request.headers, body }, context.extensionContext);
  if (!result) return sendError(response, 404, `No route for ${request.method} ${url.pathname} in the Symbl API emulator.`);
  if (result.html !== undefined) return sendText(response, result.status, "text/html; charset=utf-8", result.html, result.headers);
  if (result.json === undefined) {
    response.writeHead(result.status, result.headers ?? {});
    response.end();
    return;
  }
  sendJson(response, result.status, result.json, result.headers);
}

function sendHttpError(response: ServerResponse, error: unknown): void {
  if (error instanceof EmulatorHttpError) return sendError(response, error.statusCode, error.message, error.headers);
  sendInternalError(response, error);
}

function sendInternalError(response: ServerResponse, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  sendError(response, 500, `The emulator failed while handling this request (${message}). This is probably a bug in tracker-sync; please report it.`);
}
