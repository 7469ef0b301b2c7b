import { applyPutVocabulary, type PutBehavior } from "../contract/trackers-contract.js";
import { GEN2_DEFAULT_LANGUAGE, type Gen2PatchOperation } from "../contract/trackers-gen2.js";
import { MAX_TRACKERS_PER_ACCOUNT } from "../model/limits.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";
import { generateId, type IdGeneratorState } from "./id-generator.js";
import { copyTracker, saveStateFile, type EmulatorState } from "./state-file.js";
import { applyGen2Patch } from "./gen2-patch.js";
import { checkPhraseCount } from "./tracker-validation.js";

/** The emulator's PUT behaviour is the contract's: append by default, replace for testing. */
export type PutMode = PutBehavior;

/**
 * The account: trackers in creation order. Every change is computed on a copy, persisted (when a data
 * file is set) and only then made visible, so a failed save changes nothing. Changes run one at a
 * time through a promise chain, so an admin reset cannot interleave with a write.
 */
export interface TrackerStore {
  list(): LiveTracker[];
  get(id: string): LiveTracker | undefined;
  findByName(name: string): LiveTracker[];
  /**
   * All-or-nothing: every input is checked against the account and the batch before any is created.
   * `gen2` (or an account of generation 2) stores the generation-2 fields with their defaults.
   */
  create(inputs: TrackerInput[], where: (index: number) => string, options?: { gen2?: boolean }): Promise<LiveTracker[]>;
  update(id: string, input: TrackerInput, mode: PutMode): Promise<LiveTracker>;
  /** Generation-2 PATCH: all operations or none; the id never changes. */
  patch(id: string, operations: Gen2PatchOperation[]): Promise<LiveTracker>;
  remove(id: string): Promise<void>;
  reset(): Promise<void>;
  /** Resolves when no change is being saved. */
  whenIdle(): Promise<void>;
}

export interface TrackerStoreOptions {
  /** 2: every tracker carries the generation-2 fields (description, categories, languages, timestamps). */
  generation?: 1 | 2;
  now?: () => number;
}

export function createTrackerStore(initial: EmulatorState, dataFile: string | undefined, options: TrackerStoreOptions = {}): TrackerStore {
  const now = options.now ?? Date.now;
  const timestamp = () => new Date(now()).toISOString();
  let state: EmulatorState = { trackers: initial.trackers.map(copyTracker), idGenerator: { ...initial.idGenerator } };
  let queue: Promise<unknown> = Promise.resolve();

  function change<T>(compute: (current: EmulatorState) => { next: EmulatorState; result: T }): Promise<T> {
    const run = queue.then(async () => {
      const { next, result } = compute(state);
      if (dataFile !== undefined) {
        try {
          await saveStateFile(dataFile, next);
        } catch (error) {
          throw new EmulatorHttpError(500, `The emulator could not save its data file ${dataFile} (${(error as Error).message}); nothing was changed.`);
        }
      }
      state = next;
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  function requireTracker(current: EmulatorState, id: string): LiveTracker {
    const tracker = current.trackers.find((candidate) => candidate.id === id);
    if (!tracker) throw new EmulatorHttpError(404, `No tracker with id ${id} exists in this account.`);
    return tracker;
  }

  return {
    list: () => state.trackers.map(copyTracker),
    get(id) {
      const tracker = state.trackers.find((candidate) => candidate.id === id);
      return tracker ? copyTracker(tracker) : undefined;
    },
    findByName: (name) => state.trackers.filter((tracker) => tracker.name === name).map(copyTracker),
    create: (inputs, where, createOptions) =>
      change((current) => {
        const names = new Set(current.trackers.map((tracker) => tracker.name));
        inputs.forEach((input, index) => {
          if (names.has(input.name)) {
            throw new EmulatorHttpError(409, `${where(index)}: a tracker named ${JSON.stringify(input.name)} already exists (names are case-sensitive).`);
          }
          names.add(input.name);
        });
        const total = current.trackers.length + inputs.length;
        if (total > MAX_TRACKERS_PER_ACCOUNT) {
          throw new EmulatorHttpError(400, `Creating ${inputs.length} tracker(s) would make ${total} trackers; an account may hold at most ${MAX_TRACKERS_PER_ACCOUNT}. Delete unused trackers first.`);
        }
        let idGenerator: IdGeneratorState = current.idGenerator;
        const taken = new Set(current.trackers.map((tracker) => tracker.id));
        const created = inputs.map((input) => {
          const generated = generateId(idGenerator, taken);
          idGenerator = generated.state;
          taken.add(generated.id);
          const tracker: LiveTracker = { id: generated.id, name: input.name, vocabulary: [...input.vocabulary] };
          if (createOptions?.gen2 || options.generation === 2) {
            if (input.description !== undefined && input.description !== "") tracker.description = input.description;
            tracker.categories = [...(input.categories ?? [])];
            tracker.languages = [...(input.languages && input.languages.length > 0 ? input.languages : [GEN2_DEFAULT_LANGUAGE])];
            tracker.createdOn = timestamp();
            tracker.updatedOn = tracker.createdOn;
          }
          return tracker;
        });
        return { next: { trackers: [...current.trackers, ...created], idGenerator }, result: created.map(copyTracker) };
      }),
    update: (id, input, mode) =>
      change((current) => {
        const existing = requireTracker(current, id);
        if (current.trackers.some((tracker) => tracker.id !== id && tracker.name === input.name)) {
          throw new EmulatorHttpError(409, `Another tracker named ${JSON.stringify(input.name)} already exists (names are case-sensitive).`);
        }
        const vocabulary = applyPutVocabulary(existing.vocabulary, input.vocabulary, mode);
        checkPhraseCount(vocabulary.length, mode === "append" ? "The appended vocabulary" : "The vocabulary");
        // A PUT changes name and vocabulary only; generation-2 fields stay as they were.
        const updated: LiveTracker = { ...copyTracker(existing), name: input.name, vocabulary };
        if (existing.updatedOn !== undefined) updated.updatedOn = timestamp();
        return {
          next: { ...current, trackers: current.trackers.map((tracker) => (tracker.id === id ? updated : tracker)) },
          result: copyTracker(updated),
        };
      }),
    patch: (id, operations) =>
      change((current) => {
        const existing = requireTracker(current, id);
        const patched = applyGen2Patch(copyTracker(existing), operations);
        if (current.trackers.some((tracker) => tracker.id !== id && tracker.name === patched.name)) {
          throw new EmulatorHttpError(409, `Another tracker named ${JSON.stringify(patched.name)} already exists (names are case-sensitive).`);
        }
        patched.createdOn ??= timestamp();
        patched.updatedOn = timestamp();
        return {
          next: { ...current, trackers: current.trackers.map((tracker) => (tracker.id === id ? patched : tracker)) },
          result: copyTracker(patched),
        };
      }),
    remove: (id) =>
      change((current) => {
        requireTracker(current, id);
        return { next: { ...current, trackers: current.trackers.filter((tracker) => tracker.id !== id) }, result: undefined };
      }),
    // Ids keep coming from the same generator after a reset, so an id is never reused.
    reset: () => change((current) => ({ next: { trackers: [], idGenerator: current.idGenerator }, result: undefined })),
    whenIdle: () => queue.then(() => undefined),
  };
}
