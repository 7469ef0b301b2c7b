import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UserError } from "../errors.js";
import type { LiveTracker } from "../model/tracker.js";
import { handleAsyncApi } from "./async-api.js";
import { resetAsyncState } from "./async/async-state.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET, DEFAULT_EMULATOR_PORT } from "./defaults.js";
import { createFaultInjector, type EmulatorFaults } from "./faults.js";
import { createIdGeneratorState, generateId } from "./id-generator.js";
import { createRequestHandler } from "./request-handler.js";
import { createRequestLog, type RequestLogEntry } from "./request-log.js";
import { GEN2_MANAGED_SEEDS } from "./gen2-managed-trackers.js";
import { copyTracker, loadStateFile, saveStateFile, type EmulatorState } from "./state-file.js";
import { createTokenIssuer } from "./tokens.js";
import { createTrackerStore } from "./tracker-store.js";
import { createWriteSlot } from "./write-slot.js";

export type { EmulatorFaults } from "./faults.js";
export type { RequestLogEntry, InjectedFault } from "./request-log.js";
export { DEFAULT_FAULTS } from "./faults.js";

export const DEFAULT_TOKEN_TTL_SECONDS = 86_400;

export interface EmulatorOptions extends Partial<EmulatorFaults> {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8787 (DEFAULT_EMULATOR_PORT); 0 picks a free port. */
  port?: number;
  /** JSON state file; omitted = in-memory. */
  dataFile?: string;
  appId?: string;
  appSecret?: string;
  /** Default 86400, as Symbl documents. */
  tokenTtlSeconds?: number;
  /** Clock for token expiry and the extension context (tests inject one). */
  now?: () => number;
  /** Seed state, added only when the account starts empty (no data file yet, or in-memory); shape-checked only. */
  initialTrackers?: Array<{ name: string; vocabulary: string[]; id?: string } & Partial<Omit<LiveTracker, "id" | "name" | "vocabulary">>>;
  /**
   * 2: an account of Symbl's late-2022 API. Both generations' routes are always served; generation 2 adds
   * the pre-added managed trackers (when the account starts empty), gives every tracker the generation-2
   * fields, and makes the Async API detect all account trackers unless a request says otherwise.
   */
  apiGeneration?: 1 | 2;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  close(): Promise<void>;
  setFaults(faults: Partial<EmulatorFaults>): void;
  /** Same as GET /__emulator/requests. */
  requests(): RequestLogEntry[];
  /** Current state snapshot, creation order. */
  trackers(): LiveTracker[];
}

// In-flight requests get this long to finish on close before their connections are cut.
const CLOSE_GRACE_MS = 2_000;

/** Starts the emulator; a bad data file, bad option or busy port is a UserError. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? DEFAULT_EMULATOR_PORT;
  const now = options.now ?? Date.now;
  const faults = createFaultInjectorOrThrow(options);
  const generation = options.apiGeneration ?? 1;
  const state = await loadInitialState(options, faults.get().seed, now);
  const store = createTrackerStore(state, options.dataFile, { generation, now });
  const log = createRequestLog();
  const tokens = createTokenIssuer({
    appId: options.appId ?? DEFAULT_EMULATOR_APP_ID,
    appSecret: options.appSecret ?? DEFAULT_EMULATOR_APP_SECRET,
    ttlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    now,
  });

  const extensionContext = { listTrackers: () => store.list(), getTracker: (id: string) => store.get(id), baseUrl: "", now, detectAllTrackersByDefault: generation === 2 };
  const server = createServer(
    createRequestHandler({
      store,
      faults,
      log,
      dataFile: options.dataFile,
      tokens,
      writeSlot: createWriteSlot(),
      extension: handleAsyncApi,
      extensionContext,
      resetExtension: () => resetAsyncState(extensionContext),
    }),
  );
  await listen(server, host, port);
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  extensionContext.baseUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= closeServer(server).then(() => store.whenIdle());
      return closing;
    },
    setFaults(changes) {
      try {
        faults.set(changes);
      } catch (error) {
        throw new UserError(`Invalid emulator fault setting: ${(error as Error).message}`);
      }
    },
    requests: () => log.list(),
    trackers: () => store.list(),
  };
}

function createFaultInjectorOrThrow(options: EmulatorOptions) {
  const { latencyMs, failRate, dropRate, rateLimitRate, retryAfterSeconds, putMode, seed } = options;
  try {
    return createFaultInjector({ latencyMs, failRate, dropRate, rateLimitRate, retryAfterSeconds, putMode, seed });
  } catch (error) {
    throw new UserError(`Invalid emulator fault setting: ${(error as Error).message}`);
  }
}

async function loadInitialState(options: EmulatorOptions, seed: number, now: () => number): Promise<EmulatorState> {
  const stored = options.dataFile === undefined ? undefined : await loadStateFile(options.dataFile);
  if (stored) return stored;
  let state: EmulatorState = { trackers: [], idGenerator: createIdGeneratorState(seed) };
  const seeds = [...(options.apiGeneration === 2 ? withGen2Defaults(GEN2_MANAGED_SEEDS, now) : []), ...(options.initialTrackers ?? [])];
  if (seeds.length > 0) {
    state = seedTrackers(state, seeds);
    if (options.dataFile !== undefined) await saveStateFile(options.dataFile, state);
  }
  return state;
}

/** Generation-2 seeds get the fields every generation-2 tracker has. */
function withGen2Defaults(seeds: ReadonlyArray<Omit<LiveTracker, "id">>, now: () => number): NonNullable<EmulatorOptions["initialTrackers"]> {
  const stamp = new Date(now()).toISOString();
  return seeds.map((seed) => ({ ...seed, vocabulary: [...seed.vocabulary], categories: [...(seed.categories ?? [])], languages: [...(seed.languages ?? [])], createdOn: stamp, updatedOn: stamp }));
}

function seedTrackers(state: EmulatorState, seeds: NonNullable<EmulatorOptions["initialTrackers"]>): EmulatorState {
  const taken = new Set(seeds.flatMap((seed) => (seed.id === undefined ? [] : [seed.id])));
  const names = new Set<string>();
  let idGenerator = state.idGenerator;
  const trackers = seeds.map((seed, index) => {
    const input = validateInitialTracker(seed, index);
    if (names.has(input.name)) throw new UserError(`initialTrackers[${index}] repeats the name ${JSON.stringify(input.name)}; tracker names must be unique.`);
    names.add(input.name);
    const extra = copyTracker({ id: "", ...seed, name: input.name, vocabulary: input.vocabulary });
    if (seed.id !== undefined) return { ...extra, id: seed.id };
    const generated = generateId(idGenerator, taken);
    idGenerator = generated.state;
    taken.add(generated.id);
    return { ...extra, id: generated.id };
  });
  if (taken.size !== trackers.length) throw new UserError("initialTrackers gives the same id to two trackers; ids must be unique.");
  return { trackers, idGenerator };
}

/**
 * Seeds stand for trackers that already exist, perhaps created under older rules, so only their shape
 * is checked here, not the content rules a create would apply.
 */
function validateInitialTracker(seed: { name: string; vocabulary: string[] }, index: number): { name: string; vocabulary: string[] } {
  if (typeof seed.name !== "string" || seed.name === "") throw new UserError(`initialTrackers[${index}].name must be a non-empty string.`);
  if (!Array.isArray(seed.vocabulary) || !seed.vocabulary.every((phrase) => typeof phrase === "string")) {
    throw new UserError(`initialTrackers[${index}].vocabulary must be an array of strings.`);
  }
  return { name: seed.name, vocabulary: [...seed.vocabulary] };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new UserError(`Port ${port} on ${host} is already in use. Stop the other process or choose another port with --port.`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") reject(new UserError(`Cannot listen on host ${host} (${error.code}); use an address of this machine, e.g. 127.0.0.1.`));
      else reject(error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
