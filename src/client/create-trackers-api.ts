import { UserError } from "../errors.js";
import {
  buildPath,
  GEN1,
  readCreatedTrackers,
  readTrackerEnvelope,
  readTrackerListBody,
  ShapeError,
  TOKEN_ENDPOINT,
  type TrackerListRead,
  type UpdateTrackerRequest,
} from "../contract/trackers-contract.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";
import { ApiError, describeStatus, extractServerMessage } from "./api-error.js";
import { createFetchTransport, createNodeHttpTransport, ResponseTooLargeError, TransportDeadlineError } from "./http-transport.js";
import { checkApiUrl, classifyNetworkFailure, type ApiUrlSource } from "./network-failure.js";
import type { TrackersApi } from "./trackers-api.js";
import { checkCredentialUrl } from "./check-credential-url.js";

export const DEFAULT_API_URL = "https://api.symbl.ai";

export interface RetryOptions {
  /** Tries per request, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface CreateTrackersApiOptions {
  env: Record<string, string | undefined>;
  /** Base URL from the config file; SYMBL_API_URL wins over it. */
  apiUrl?: string;
  /** Use this fetch instead of the built-in node:http transport (tests, proxies). */
  fetch?: typeof fetch;
  /** Called with the access token as soon as it is known, so a CI runner can mask it. */
  onSecret?: (value: string) => void;
  retry?: RetryOptions;
  /** Longest silence while waiting for a response. */
  timeoutMs?: number;
  /** Longest time one request may take in total, however slowly the server drips bytes. */
  requestDeadlineMs?: number;
  /** Largest response body read; anything larger is refused unread. */
  maxResponseBytes?: number;
  /** Called before every wait between attempts (retries, Retry-After), so a CI log can show why nothing moves. */
  onRetry?: (event: RetryEvent) => void;
  /** Source of randomness for backoff jitter (tests make it deterministic). */
  random?: () => number;
  /** How to wait between attempts (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RetryEvent {
  method: string;
  path: string;
  /** The attempt that failed, 1-based. */
  attempt: number;
  maxAttempts: number;
  /** Why it failed, e.g. "503 Service Unavailable" or "no response within 30000 ms". */
  reason: string;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** The server asked for this wait (429 Retry-After). */
  requestedByServer: boolean;
}

export interface ApiStats {
  /** HTTP requests sent, token requests and retries included. */
  requests: number;
  retries: number;
  reauthentications: number;
}

export interface HttpTrackersApi extends TrackersApi {
  readonly baseUrl: string;
  stats(): ApiStats;
  /**
   * One authenticated request with this client's retries, serialised with the others; the generation-2
   * client is built on it. A "create" whose outcome is unknown throws UnknownOutcomeError.
   */
  sendRequest(method: string, path: string, body: unknown, policy: "idempotent" | "create"): Promise<unknown>;
  /** Waits the backoff delay for this retry round (1-based). */
  pauseBeforeRetry(round: number): Promise<void>;
  readonly maxAttempts: number;
}

const TOKEN_PATH = TOKEN_ENDPOINT.path;
/** 500 trackers of 50 long phrases list in well under 5 MiB; 32 MiB leaves room and still fits in memory. */
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** The idle timeout alone never fires on a server that sends one byte every few seconds. */
const DEFAULT_REQUEST_DEADLINE_MS = 120_000;
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
/** Longest Retry-After we honour; a server asking for more is treated as this. */
const MAX_RETRY_AFTER_MS = 120_000;

type Policy = "idempotent" | "create" | "token";

/** The outcome of a create is unknown (no response or a 5xx after sending); the caller must look before retrying. */
export class UnknownOutcomeError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

/**
 * The HTTP implementation of the Trackers API: auth, one request in flight at a time (Symbl allows one
 * concurrent write; serialising reads too keeps it simple and costs nothing for a sequential tool), retries
 * with backoff, and a create that never duplicates when its response is lost.
 */
export function createTrackersApi(options: CreateTrackersApiOptions): HttpTrackersApi {
  const env = options.env;
  const baseUrl = (nonEmpty(env.SYMBL_API_URL) ?? nonEmpty(options.apiUrl) ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const staticToken = nonEmpty(env.SYMBL_ACCESS_TOKEN);
  const appId = nonEmpty(env.SYMBL_APP_ID);
  const appSecret = nonEmpty(env.SYMBL_APP_SECRET);
  if (!staticToken && !(appId && appSecret)) {
    const problem = appId ? "SYMBL_APP_SECRET is not set (SYMBL_APP_ID is)" : appSecret ? "SYMBL_APP_ID is not set (SYMBL_APP_SECRET is)" : "no credentials are set";
    throw new UserError(
      `Cannot reach the Symbl API because ${problem}. Set SYMBL_APP_ID and SYMBL_APP_SECRET (or SYMBL_ACCESS_TOKEN) in the environment; for the local emulator use its default credentials (see 'tracker-sync emulator --help').`,
    );
  }
  const urlSource: ApiUrlSource = nonEmpty(env.SYMBL_API_URL) ? "SYMBL_API_URL" : nonEmpty(options.apiUrl) ? "apiUrl in the config file" : "the default";
  checkApiUrl(baseUrl, urlSource);
  checkCredentialUrl(baseUrl, urlSource);
  const transport = options.fetch ? createFetchTransport(options.fetch) : createNodeHttpTransport();
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 6);
  const baseDelayMs = options.retry?.baseDelayMs ?? 250;
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadlineMs = options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const secrets = [staticToken, appSecret].filter((value): value is string => Boolean(value));
  const stats: ApiStats = { requests: 0, retries: 0, reauthentications: 0 };

  let token: { value: string; refreshAt: number } | undefined;
  if (staticToken) options.onSecret?.(staticToken);

  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  }

  function redact(text: string): string {
    let result = text;
    // A very short value would redact ordinary words; real secrets and tokens are long.
    for (const secret of [...secrets, token?.value]) if (secret && secret.length >= 6) result = result.split(secret).join("[redacted]");
    return result;
  }

  /** Full jitter: a uniform delay between 0 and the exponential cap. */
  function backoffDelay(attempt: number): number {
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(random() * cap);
  }

  function wait(event: RetryEvent): Promise<void> {
    options.onRetry?.(event);
    return sleep(event.delayMs);
  }

  async function getToken(): Promise<string> {
    if (staticToken) return staticToken;
    if (token && now() < token.refreshAt) return token.value;
    const body = await send("POST", TOKEN_PATH, { type: "application", appId, appSecret }, "token");
    const record = body as Record<string, unknown> | null;
    const accessToken = record && typeof record === "object" ? record.accessToken : undefined;
    const expiresIn = record && typeof record === "object" ? record.expiresIn : undefined;
    if (typeof accessToken !== "string" || accessToken.length === 0) {
      throw new ApiError(`POST ${TOKEN_PATH} returned no access token; check SYMBL_API_URL points at the Symbl API.`, "POST", TOKEN_PATH, 200, undefined);
    }
    options.onSecret?.(accessToken);
    const lifetimeMs = (typeof expiresIn === "number" && expiresIn > 0 ? expiresIn : 3600) * 1000;
    // Refresh a little before expiry so a long apply never sends an expired token.
    const margin = Math.min(60_000, lifetimeMs * 0.1);
    token = { value: accessToken, refreshAt: now() + lifetimeMs - margin };
    return accessToken;
  }

  async function send(method: string, path: string, body: unknown, policy: Policy): Promise<unknown> {
    let reauthenticated = false;
    let outcomeWasUnknown = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) stats.retries++;
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (policy !== "token") headers.authorization = `Bearer ${await getToken()}`;
      stats.requests++;
      let status: number;
      let statusText: string;
      let text: string;
      let retryAfter: string | null = null;
      try {
        const response = await transport({
          method,
          url: `${baseUrl}${path}`,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          timeoutMs,
          deadlineMs,
          maxResponseBytes,
        });
        ({ status, statusText, retryAfter, text } = response);
      } catch (cause) {
        const failure = classifyNetworkFailure(cause, baseUrl, urlSource);
        const tried = `Tried ${baseUrl}${path}.`;
        if (cause instanceof ResponseTooLargeError) {
          // Not retried: a server that sends this much once will do it again, and each try costs the memory.
          throw new ApiError(
            `${method} ${path} failed: the response is larger than ${formatMegabytes(maxResponseBytes)}, far more than any tracker list, so it was not read. ${tried} Check that ${urlSource} points at the Symbl API.`,
            method,
            path,
            undefined,
            undefined,
          );
        }
        if (failure.permanent && !isTimeout(cause) && !isDeadline(cause)) {
          // Nothing was sent, so even a create's outcome is known: nothing happened.
          throw new ApiError(
            `Cannot reach the Symbl API: ${method} ${path} failed: ${failure.reason}. ${tried} ${failure.advice} Not retried: another attempt would fail the same way.`,
            method,
            path,
            undefined,
            undefined,
            { cause: redactCause(cause) },
          );
        }
        const reason = isDeadline(cause)
          ? `no complete response within ${deadlineMs} ms (the server kept sending too slowly)`
          : isTimeout(cause)
            ? `no response within ${timeoutMs} ms`
            : failure.reason;
        const error = new ApiError(`${method} ${path} failed: ${reason} (attempt ${attempt} of ${maxAttempts}). ${tried} ${failure.advice}`, method, path, undefined, undefined, {
          cause: redactCause(cause),
        });
        if (policy === "create") throw new UnknownOutcomeError(error);
        outcomeWasUnknown = true;
        if (attempt >= maxAttempts) throw error;
        await wait({ method, path, attempt, maxAttempts, reason, delayMs: backoffDelay(attempt), requestedByServer: false });
        continue;
      }

      if (status >= 200 && status < 300) return parseSuccess(method, path, status, text);

      const serverMessage = extractServerMessage(text, redact);
      const error = new ApiError(`${method} ${path} failed: ${describeStatus(status, statusText)}: ${serverMessage}`, method, path, status, serverMessage);
      if (status === 401) {
        if (policy === "token") {
          throw new UserError(`The Symbl API rejected SYMBL_APP_ID/SYMBL_APP_SECRET (${describeStatus(status, statusText)}: ${serverMessage}). Check both values.`);
        }
        if (!staticToken && !reauthenticated) {
          // A token can be revoked or expire early; one fresh token is worth a try, more is a loop.
          reauthenticated = true;
          stats.reauthentications++;
          token = undefined;
          attempt--;
          continue;
        }
        throw new ApiError(
          `${error.message}. ${staticToken ? "Check SYMBL_ACCESS_TOKEN (it may have expired)." : "The credentials were accepted but the token was refused; check SYMBL_API_URL."}`,
          method,
          path,
          status,
          serverMessage,
        );
      }
      if (status === 429) {
        // Nothing was processed, so even a create may simply be sent again.
        if (attempt >= maxAttempts) throw error;
        const requested = parseRetryAfter(retryAfter, now());
        await wait({ method, path, attempt, maxAttempts, reason: describeStatus(status, statusText), delayMs: requested ?? backoffDelay(attempt), requestedByServer: requested !== undefined });
        continue;
      }
      if (RETRYABLE_STATUSES.has(status)) {
        if (policy === "create") throw new UnknownOutcomeError(error);
        outcomeWasUnknown = true;
        if (attempt >= maxAttempts) throw error;
        await wait({ method, path, attempt, maxAttempts, reason: describeStatus(status, statusText), delayMs: backoffDelay(attempt), requestedByServer: false });
        continue;
      }
      // A delete whose first attempt got no answer may have succeeded; 404 now means it is gone.
      if (status === 404 && method === "DELETE" && outcomeWasUnknown) return { deleted: true };
      throw error;
    }
  }

  async function listAccount(): Promise<TrackerListRead> {
    const path = buildPath(GEN1.list);
    const body = await send(GEN1.list.method, path, undefined, "idempotent");
    const account = readShape(GEN1.list.method, path, () => readTrackerListBody(body));
    // Unreadable entries are server text that reaches plans and comments: redacted like any error text.
    const unreadable = account.unreadable.map((tracker) => ({
      id: redact(tracker.id),
      ...(tracker.name !== undefined ? { name: redact(tracker.name) } : {}),
      problem: redact(tracker.problem),
    }));
    return { ...account, unreadable };
  }

  async function listAll(): Promise<LiveTracker[]> {
    return (await listAccount()).trackers;
  }

  /**
   * Creates with a lost response: list the account, keep what now exists by name, send only the rest. The
   * planner only creates names the account does not have, so a name that appears was created by us.
   */
  async function createWithoutDuplicates(inputs: TrackerInput[], bulk: boolean): Promise<LiveTracker[]> {
    const created = new Map<string, LiveTracker>();
    let remaining = inputs;
    for (let round = 1; remaining.length > 0; round++) {
      const endpoint = bulk ? GEN1.createMany : GEN1.createOne;
      const path = buildPath(endpoint);
      try {
        const body = await send(endpoint.method, path, bulk ? remaining : remaining[0], "create");
        const trackers = readShape(endpoint.method, path, () => (bulk ? readCreatedTrackers(body) : [readTrackerEnvelope(body)]));
        for (const tracker of trackers) created.set(tracker.name, tracker);
        for (const input of remaining) {
          if (!created.has(input.name)) throw malformed("POST", path, `it does not include the tracker "${input.name}" that was sent`);
        }
        remaining = [];
      } catch (error) {
        if (!(error instanceof UnknownOutcomeError)) throw error;
        if (round >= maxAttempts) {
          throw new ApiError(
            `${error.apiError.message} Gave up after ${round} attempts; run plan again to see which trackers exist.`,
            error.apiError.method,
            error.apiError.path,
            error.apiError.status,
            error.apiError.serverMessage,
          );
        }
        const { method, path: failedPath, status } = error.apiError;
        const reason = `${status !== undefined ? describeStatus(status) : "no response"}, so the create may have happened; the account is listed before sending the rest`;
        await wait({ method, path: failedPath, attempt: round, maxAttempts, reason, delayMs: backoffDelay(round), requestedByServer: false });
        const live = await listAll();
        const byName = new Map(live.map((tracker) => [tracker.name, tracker]));
        for (const input of remaining) {
          const found = byName.get(input.name);
          if (found) created.set(input.name, found);
        }
        remaining = remaining.filter((input) => !created.has(input.name));
      }
    }
    return inputs.map((input) => created.get(input.name) as LiveTracker);
  }

  function parseSuccess(method: string, path: string, status: number, text: string): unknown {
    if (text.trim().length === 0) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw malformed(method, path, `it is not JSON (status ${status}, starts with ${JSON.stringify(redact(text).trim().slice(0, 40))})`);
    }
  }

  function readShape<T>(method: string, path: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      // Server-chosen text (an id, a key) is redacted before the message is kept short, never after.
      if (error instanceof ShapeError) throw malformed(method, path, shortenServerText(redact(error.detail)));
      throw error;
    }
  }

  return {
    baseUrl,
    stats: () => ({ ...stats }),
    sendRequest: (method, path, body, policy) => serial(() => send(method, path, body, policy)),
    pauseBeforeRetry: (round) => sleep(backoffDelay(round)),
    maxAttempts,
    listTrackers: () => serial(listAll),
    listAccount: () => serial(listAccount),
    findTrackersByName: (name) =>
      serial(async () => {
        const path = buildPath(GEN1.list, {}, { name });
        const body = await send(GEN1.list.method, path, undefined, "idempotent");
        return readShape(GEN1.list.method, path, () => readTrackerListBody(body).trackers);
      }),
    getTracker: (id) =>
      serial(async () => {
        const path = buildPath(GEN1.getOne, { id });
        const body = await send(GEN1.getOne.method, path, undefined, "idempotent");
        return readShape(GEN1.getOne.method, path, () => readTrackerEnvelope(body));
      }),
    createTracker: (input) => serial(async () => (await createWithoutDuplicates([copyInput(input)], false))[0] as LiveTracker),
    createTrackers: (inputs) => serial(() => (inputs.length === 0 ? Promise.resolve([]) : createWithoutDuplicates(inputs.map(copyInput), true))),
    updateTracker: (tracker) =>
      serial(async () => {
        const path = buildPath(GEN1.update, { id: tracker.id });
        const body: UpdateTrackerRequest = { id: tracker.id, name: tracker.name, vocabulary: tracker.vocabulary };
        const answer = await send(GEN1.update.method, path, body, "idempotent");
        return readShape(GEN1.update.method, path, () => readTrackerEnvelope(answer));
      }),
    deleteTracker: (id) =>
      serial(async () => {
        await send(GEN1.remove.method, buildPath(GEN1.remove, { id }), undefined, "idempotent");
      }),
  };
}

function shortenServerText(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function malformed(method: string, path: string, detail: string): ApiError {
  return new ApiError(
    `${method} ${path} returned a response tracker-sync cannot read: ${detail}. Check that SYMBL_API_URL points at the Symbl API; run plan again before applying.`,
    method,
    path,
    undefined,
    undefined,
  );
}

function copyInput(input: TrackerInput): TrackerInput {
  return { name: input.name, vocabulary: [...input.vocabulary] };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value.trim() : undefined;
}

function isDeadline(cause: unknown): boolean {
  return cause instanceof TransportDeadlineError || (cause instanceof Error && cause.name === "DeadlineError");
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
}

/** Keeps only the error class and code of a network failure; its message could echo request details. */
function redactCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as { code?: string }).code;
  return new Error(`${cause.name}${code ? ` ${code}` : ""}`);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(trimmed) * 1000));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - nowMs));
}
