/** What the emulator did to one API request, as GET /__emulator/requests returns it. */
export type InjectedFault = "fail" | "drop" | "rate-limit" | "latency";

export interface RequestLogEntry {
  method: string;
  /** Path and query string as received. */
  path: string;
  /** null when the connection was destroyed without a response (drop fault or client gone). */
  status: number | null;
  /** Milliseconds since the epoch (wall clock). */
  startedAt: number;
  endedAt: number;
  fault: InjectedFault | null;
}

// A long-running emulator must not grow without bound; tests and debugging need far fewer.
export const MAX_LOGGED_REQUESTS = 10_000;

export interface RequestLog {
  add(entry: RequestLogEntry): void;
  list(): RequestLogEntry[];
  clear(): void;
}

export function createRequestLog(limit = MAX_LOGGED_REQUESTS): RequestLog {
  let entries: RequestLogEntry[] = [];
  return {
    add(entry) {
      entries.push(entry);
      if (entries.length > limit) entries = entries.slice(entries.length - limit);
    },
    list: () => entries.map((entry) => ({ ...entry })),
    clear() {
      entries = [];
    },
  };
}
