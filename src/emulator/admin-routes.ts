import type { IncomingMessage, ServerResponse } from "node:http";
import { discardRest, parseJsonBody, readBody } from "./body-reader.js";
import { EmulatorHttpError } from "./http-error.js";
import { sendError, sendJson } from "./http-response.js";
import { parseFaultChanges, type FaultInjector } from "./faults.js";
import type { RequestLog } from "./request-log.js";
import type { TrackerStore } from "./tracker-store.js";
import type { WriteSlot } from "./write-slot.js";
import { describeBrowserRequest } from "./browser-request.js";

export const ADMIN_PREFIX = "/__emulator/";

export interface AdminContext {
  store: TrackerStore;
  faults: FaultInjector;
  log: RequestLog;
  dataFile: string | undefined;
  writeSlot: WriteSlot;
  /** Clears state kept outside the tracker store (the Async API's conversations, jobs and pages). */
  resetExtension?: () => void;
}

/** Loopback covers 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Test and demo controls. They need no token but answer only loopback callers, since they can wipe
 * the account. They are not logged and not subject to faults or the write slot.
 */
export async function handleAdminRequest(request: IncomingMessage, response: ServerResponse, pathname: string, context: AdminContext): Promise<void> {
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    sendError(response, 403, "The emulator admin API only answers requests from the local machine (loopback).");
    request.resume();
    return;
  }
  const browser = describeBrowserRequest(request.headers);
  if (browser !== undefined) {
    sendError(response, 403, `The emulator admin API refuses requests from web pages: ${browser}. Call it with curl or a script (JSON body, no Origin header).`);
    request.resume();
    return;
  }
  const read = await readBody(request);
  if (read.kind === "too-large") {
    discardRest(request);
    sendError(response, 413, "The request body is larger than 1 MB.", { connection: "close" });
    return;
  }
  const method = request.method ?? "GET";
  const name = pathname.slice(ADMIN_PREFIX.length);
  try {
    switch (name) {
      case "requests":
        if (method !== "GET") return methodNotAllowed(response, ["GET"]);
        return sendJson(response, 200, context.log.list());
      case "reset":
        if (method !== "POST") return methodNotAllowed(response, ["POST"]);
        await context.store.reset();
        context.resetExtension?.();
        context.log.clear();
        return sendJson(response, 200, { reset: true });
      case "faults":
        if (method === "GET") return sendJson(response, 200, context.faults.get());
        if (method !== "POST") return methodNotAllowed(response, ["GET", "POST"]);
        return sendJson(response, 200, applyFaultChanges(context.faults, parseJsonBody(read.bytes)));
      case "state":
        if (method !== "GET") return methodNotAllowed(response, ["GET"]);
        return sendJson(response, 200, {
          trackers: context.store.list(),
          faults: context.faults.get(),
          dataFile: context.dataFile ?? null,
          writeInFlight: context.writeSlot.busy,
        });
      default:
        return sendError(response, 404, `No admin route ${pathname}; the admin routes are GET /__emulator/requests, POST /__emulator/reset, GET|POST /__emulator/faults, GET /__emulator/state.`);
    }
  } catch (error) {
    if (error instanceof EmulatorHttpError) return sendError(response, error.statusCode, error.message, error.headers);
    throw error;
  }
}

function applyFaultChanges(faults: FaultInjector, body: unknown) {
  const changes = parseFaultChanges(body);
  try {
    return faults.set(changes);
  } catch (error) {
    throw new EmulatorHttpError(400, (error as Error).message);
  }
}

function methodNotAllowed(response: ServerResponse, allow: string[]): void {
  sendError(response, 405, `This route only accepts ${allow.join(", ")}.`, { allow: allow.join(", ") });
}
