import { EmulatorHttpError } from "./http-error.js";
import { createSeededRandom, type SeededRandom } from "./prng.js";
import { DEFAULT_PUT_BEHAVIOR, PUT_BEHAVIORS } from "../contract/trackers-contract.js";
import type { PutMode } from "./tracker-store.js";

export interface EmulatorFaults {
  /** Delay before every API request is handled; a write holds the write slot meanwhile. */
  latencyMs: number;
  /** Probability of 500/502/504 before anything is changed. */
  failRate: number;
  /** Probability (writes only) of committing, then destroying the connection without a response. */
  dropRate: number;
  /** Probability of a 429 before anything is changed. */
  rateLimitRate: number;
  /** Sent as Retry-After on injected 429s when set. */
  retryAfterSeconds?: number;
  /** How PUT treats the vocabulary: "append" (Symbl's documented example, the default) or "replace". */
  putMode: PutMode;
  seed: number;
}

export const DEFAULT_FAULTS: EmulatorFaults = { latencyMs: 0, failRate: 0, dropRate: 0, rateLimitRate: 0, putMode: DEFAULT_PUT_BEHAVIOR, seed: 1 };

export type FaultDecision = { kind: "none" } | { kind: "rate-limit" } | { kind: "fail"; status: 500 | 502 | 504 };

const FAIL_STATUSES = [500, 502, 504] as const;

/**
 * Holds the fault settings and the seeded random sequence. Draws happen in a fixed order per request
 * (rate limit, then failure, then drop for writes) and only for rates above zero, so a given seed and
 * request sequence always injects the same faults.
 */
export interface FaultInjector {
  get(): EmulatorFaults;
  set(changes: Partial<EmulatorFaults>): EmulatorFaults;
  decideBeforeHandling(): FaultDecision;
  decideDrop(): boolean;
}

export function createFaultInjector(initial: Partial<EmulatorFaults>): FaultInjector {
  let faults: EmulatorFaults = checkFaults({ ...DEFAULT_FAULTS, ...withoutUndefined(initial) });
  let random: SeededRandom = createSeededRandom(faults.seed);
  const draw = (rate: number) => rate > 0 && random.next() < rate;
  return {
    get: () => ({ ...faults }),
    set(changes) {
      const next = checkFaults({ ...faults, ...withoutUndefined(changes) });
      if (changes.retryAfterSeconds === undefined && "retryAfterSeconds" in changes) delete next.retryAfterSeconds;
      faults = next;
      if (changes.seed !== undefined) random = createSeededRandom(faults.seed);
      return { ...faults };
    },
    decideBeforeHandling() {
      if (draw(faults.rateLimitRate)) return { kind: "rate-limit" };
      if (draw(faults.failRate)) return { kind: "fail", status: FAIL_STATUSES[Math.floor(random.next() * FAIL_STATUSES.length)] ?? 500 };
      return { kind: "none" };
    },
    decideDrop: () => draw(faults.dropRate),
  };
}

function withoutUndefined(changes: Partial<EmulatorFaults>): Partial<EmulatorFaults> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<EmulatorFaults>;
}

/** Throws a plain Error naming the first invalid setting (callers turn it into a 400 or a UserError). */
export function checkFaults(faults: EmulatorFaults): EmulatorFaults {
  const problem = findFaultProblem(faults);
  if (problem) throw new Error(problem);
  return faults;
}

const FAULT_KEYS = ["latencyMs", "failRate", "dropRate", "rateLimitRate", "retryAfterSeconds", "putMode", "seed"] as const;

function findFaultProblem(faults: EmulatorFaults): string | undefined {
  if (!Number.isSafeInteger(faults.latencyMs) || faults.latencyMs < 0) return `latencyMs must be a whole number of milliseconds >= 0, got ${JSON.stringify(faults.latencyMs)}.`;
  for (const key of ["failRate", "dropRate", "rateLimitRate"] as const) {
    const value = faults[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) return `${key} must be a probability between 0 and 1, got ${JSON.stringify(value)}.`;
  }
  if (faults.retryAfterSeconds !== undefined && (!Number.isSafeInteger(faults.retryAfterSeconds) || faults.retryAfterSeconds < 0)) {
    return `retryAfterSeconds must be a whole number of seconds >= 0, got ${JSON.stringify(faults.retryAfterSeconds)}.`;
  }
  if (!PUT_BEHAVIORS.includes(faults.putMode)) return `putMode must be "append" or "replace", got ${JSON.stringify(faults.putMode)}.`;
  if (!Number.isSafeInteger(faults.seed)) return `seed must be a whole number, got ${JSON.stringify(faults.seed)}.`;
  return undefined;
}

/** Reads the admin API body: camelCase keys, unknown keys rejected, `retryAfterSeconds: null` clears it. */
export function parseFaultChanges(body: unknown): Partial<EmulatorFaults> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new EmulatorHttpError(400, `The faults body must be a JSON object with some of: ${FAULT_KEYS.join(", ")}.`);
  }
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(FAULT_KEYS as readonly string[]).includes(key)) {
      throw new EmulatorHttpError(400, `Unknown fault setting "${key}"; the settings are: ${FAULT_KEYS.join(", ")}.`);
    }
    changes[key] = key === "retryAfterSeconds" && value === null ? undefined : value;
  }
  return changes as Partial<EmulatorFaults>;
}

/** The body a gateway in front of the API sends: 502/504 are HTML, as from a real load balancer. */
export function renderFailure(status: 500 | 502 | 504): { contentType: string; body: string } {
  if (status === 500) {
    return { contentType: "application/json; charset=utf-8", body: JSON.stringify({ message: "Internal server error (injected by the emulator's failRate).", statusCode: 500 }) };
  }
  const title = status === 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
  return { contentType: "text/html", body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n` };
}
