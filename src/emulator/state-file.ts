import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { UserError } from "../errors.js";
import type { LiveTracker } from "../model/tracker.js";
import { isIdGeneratorState, type IdGeneratorState } from "./id-generator.js";
import { randomBytes } from "node:crypto";

/** Everything that must survive a restart: the trackers (with ids, in creation order) and the id generator. */
export interface EmulatorState {
  trackers: LiveTracker[];
  idGenerator: IdGeneratorState;
}

const FORMAT = "tracker-sync-emulator-state";
const VERSION = 1;

/**
 * Reads the state file. A missing file means an empty account (undefined); anything unreadable,
 * unparsable or of the wrong shape is a UserError, never a silent reset, because resetting would
 * lose the user's trackers.
 */
export async function loadStateFile(path: string): Promise<EmulatorState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UserError(`The emulator data file ${path} could not be read (${(error as Error).message}). Check its permissions, or pass another --data path.`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `The emulator data file ${path} is not valid JSON (${(error as Error).message}). Restore it from a backup or delete it to start with an empty account; the emulator never resets it on its own.`,
      { cause: error },
    );
  }
  const problem = findStateProblem(json);
  if (problem) {
    throw new UserError(`The emulator data file ${path} is not an emulator state file: ${problem}. Restore it from a backup, delete it to start with an empty account, or pass another --data path.`);
  }
  const valid = json as { trackers: LiveTracker[]; idGenerator: IdGeneratorState };
  return { trackers: valid.trackers.map(copyTracker), idGenerator: { ...valid.idGenerator } };
}

function findStateProblem(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return "the top level is not a JSON object";
  const record = json as Record<string, unknown>;
  if (record.format !== FORMAT) return `"format" is not "${FORMAT}"`;
  if (record.version !== VERSION) return `"version" is ${JSON.stringify(record.version)}, this emulator reads version ${VERSION}`;
  if (!isIdGeneratorState(record.idGenerator)) return `"idGenerator" is missing or malformed`;
  if (!Array.isArray(record.trackers)) return `"trackers" is not an array`;
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const [index, tracker] of record.trackers.entries()) {
    if (typeof tracker !== "object" || tracker === null) return `trackers[${index}] is not an object`;
    const { id, name, vocabulary } = tracker as Record<string, unknown>;
    if (typeof id !== "string" || id === "") return `trackers[${index}].id is not a non-empty string`;
    if (typeof name !== "string") return `trackers[${index}].name is not a string`;
    if (!Array.isArray(vocabulary) || !vocabulary.every((phrase) => typeof phrase === "string")) return `trackers[${index}].vocabulary is not an array of strings`;
    const gen2 = tracker as Record<string, unknown>;
    for (const key of ["categories", "languages", "excludeVocabulary"]) {
      const list = gen2[key];
      if (list !== undefined && (!Array.isArray(list) || !list.every((item) => typeof item === "string"))) return `trackers[${index}].${key} is not an array of strings`;
    }
    for (const key of ["description", "createdOn", "updatedOn"]) {
      if (gen2[key] !== undefined && typeof gen2[key] !== "string") return `trackers[${index}].${key} is not a string`;
    }
    if (ids.has(id)) return `the id ${id} appears twice`;
    if (names.has(name)) return `the name ${JSON.stringify(name)} appears twice`;
    ids.add(id);
    names.add(name);
  }
  return undefined;
}

/**
 * Writes the state durably: temp file in the same directory, fsync, rename over the target, fsync the
 * directory. A crash at any point leaves either the old or the new complete file.
 */
export async function saveStateFile(path: string, state: EmulatorState): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  // Unpredictable and created exclusively ("wx"): another local user cannot plant a file or a symlink
  // at the name beforehand to have the account written through it.
  const temporary = join(directory, `.${basename(path)}.${randomBytes(12).toString("hex")}.tmp`);
  const text = `${JSON.stringify({ format: FORMAT, version: VERSION, idGenerator: state.idGenerator, trackers: state.trackers }, null, 2)}\n`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename itself is still atomic.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EACCES") throw error;
  } finally {
    await handle?.close();
  }
}

/** A deep copy; the generation-2 fields are copied only when the tracker has them. */
export function copyTracker(tracker: LiveTracker): LiveTracker {
  const copy: LiveTracker = { id: tracker.id, name: tracker.name, vocabulary: [...tracker.vocabulary] };
  if (tracker.description !== undefined) copy.description = tracker.description;
  if (tracker.categories !== undefined) copy.categories = [...tracker.categories];
  if (tracker.languages !== undefined) copy.languages = [...tracker.languages];
  if (tracker.createdOn !== undefined) copy.createdOn = tracker.createdOn;
  if (tracker.updatedOn !== undefined) copy.updatedOn = tracker.updatedOn;
  if (tracker.managed === true) copy.managed = true;
  const excluded = (tracker as { excludeVocabulary?: string[] }).excludeVocabulary;
  if (excluded !== undefined) (copy as { excludeVocabulary?: string[] }).excludeVocabulary = [...excluded];
  return copy;
}
