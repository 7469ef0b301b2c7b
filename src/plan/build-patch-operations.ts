import { GEN2_DEFAULT_LANGUAGE, type Gen2CreateBody, type Gen2PatchOperation } from "../contract/trackers-gen2.js";
import { measureJsonBytes } from "../model/limits.js";
import type { Change, FieldChange, Gen2CreateFields, Operation } from "../model/plan.js";
import type { LiveTracker, TrackerDefinition } from "../model/tracker.js";
import { orderRenames, type RenameWriter } from "./build-operations.js";
import { compareText } from "./fingerprint.js";

type RenameChange = Extract<Change, { kind: "rename" }>;
type UpdateChange = Extract<Change, { kind: "update" }>;

/** The generation-2 fields besides name and vocabulary, with the defaults filled in. */
export interface Gen2Fields {
  description: string;
  categories: string[];
  languages: string[];
}

export function readDesiredFields(tracker: Pick<TrackerDefinition, "description" | "categories" | "languages">): Gen2Fields {
  return {
    description: tracker.description ?? "",
    categories: [...new Set(tracker.categories ?? [])],
    languages: [...new Set(tracker.languages ?? [GEN2_DEFAULT_LANGUAGE])],
  };
}

export function readLiveFields(tracker: LiveTracker): Gen2Fields {
  return {
    description: tracker.description ?? "",
    categories: [...new Set(tracker.categories ?? [])],
    // A tracker listed without languages is read as the documented default.
    languages: [...new Set(tracker.languages && tracker.languages.length > 0 ? tracker.languages : [GEN2_DEFAULT_LANGUAGE])],
  };
}

export function toCreateFields(fields: Gen2Fields): Gen2CreateFields {
  return { ...(fields.description !== "" ? { description: fields.description } : {}), categories: [...fields.categories], languages: [...fields.languages] };
}

/** What differs between two field sets; categories and languages are sets (order never matters). */
export function diffFields(current: Gen2Fields, desired: Gen2Fields): FieldChange[] {
  const changes: FieldChange[] = [];
  if (current.description !== desired.description) changes.push({ field: "description", from: current.description, to: desired.description });
  for (const field of ["categories", "languages"] as const) {
    const before = new Set(current[field]);
    const after = new Set(desired[field]);
    const added = desired[field].filter((value) => !before.has(value));
    const removed = current[field].filter((value) => !after.has(value));
    if (added.length > 0 || removed.length > 0) changes.push({ field, added, removed });
  }
  return changes;
}

/**
 * The PATCH body for one tracker, in a fixed order: name, description, categories, languages, vocabulary.
 * Array paths get one operation per value (the Go SDK types `value` as a string). Removals come before
 * additions so the vocabulary never passes the 50-phrase limit midway, except for languages, where the new
 * language is added first so a tracker never has none.
 */
export function buildTrackerPatch(change: { name: string; from?: string; added: string[]; removed: string[]; fields?: FieldChange[] }): Gen2PatchOperation[] {
  const body: Gen2PatchOperation[] = [];
  if (change.from !== undefined && change.from !== change.name) body.push({ op: "replace", path: "/name", value: change.name });
  for (const field of change.fields ?? []) {
    if (field.field !== "description") continue;
    // The SDK's own example replaces a description that was never set, so replace also works on an empty one.
    if (field.to !== "") body.push({ op: "replace", path: "/description", value: field.to });
    else body.push({ op: "remove", path: "/description", value: field.from });
  }
  for (const name of ["categories", "languages"] as const) {
    const field = change.fields?.find((item) => item.field === name);
    if (!field || field.field === "description") continue;
    const removes = field.removed.map((value): Gen2PatchOperation => ({ op: "remove", path: `/${name}`, value }));
    const adds = field.added.map((value): Gen2PatchOperation => ({ op: "add", path: `/${name}`, value }));
    body.push(...(name === "languages" ? [...adds, ...removes] : [...removes, ...adds]));
  }
  for (const phrase of change.removed) body.push({ op: "remove", path: "/vocabulary", value: phrase });
  for (const phrase of change.added) body.push({ op: "add", path: "/vocabulary", value: phrase });
  return body;
}

/**
 * The generation-2 API calls, in the order apply sends them: renames first (through a temporary name
 * only where names form a cycle), one create per new tracker (the single-object POST is what Symbl's
 * own SDK uses; see docs/emulator.md), then updates, then deletes (before the creates when the creates
 * would otherwise cross the 500-tracker limit). Every PATCH keeps the tracker's id.
 */
export function buildPatchOperations(changes: Change[], context: { liveNames: ReadonlySet<string>; liveCount: number; maxTrackers: number }): Operation[] {
  const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
  const renames = changes.filter((change): change is RenameChange => change.kind === "rename").sort(byName);
  const creates = changes.filter((item) => item.kind === "create").sort(byName);
  const deletes: Operation[] = [];
  for (const change of changes.filter((item) => item.kind === "delete").sort(byName)) {
    if (change.kind === "delete") deletes.push({ op: "delete", id: change.id, name: change.name });
  }
  // Deletes go last so nothing is lost before the rest succeeded, unless the creates would cross the limit.
  const deletesFirst = context.liveCount + creates.length > context.maxTrackers && deletes.length > 0;
  const operations: Operation[] = [...orderRenames(renames, context.liveNames, PATCH_RENAMES)];
  if (deletesFirst) operations.push(...deletes);
  for (const change of creates) {
    if (change.kind !== "create") continue;
    const fields = change.gen2 ?? { categories: [], languages: [GEN2_DEFAULT_LANGUAGE] };
    const body: Gen2CreateBody = {
      name: change.name,
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      categories: [...fields.categories],
      languages: [...fields.languages],
      vocabulary: [...change.vocabulary],
    };
    operations.push({ op: "create", body, bytes: measureJsonBytes(body) });
  }
  for (const change of changes.filter((item): item is UpdateChange => item.kind === "update").sort(byName)) {
    operations.push(patchOperation(change.id, change.name, buildTrackerPatch(change), "update"));
  }
  if (!deletesFirst) operations.push(...deletes);
  return operations;
}

function patchOperation(id: string, name: string, body: Gen2PatchOperation[], purpose: "temporary-rename" | "rename" | "update"): Operation {
  return { op: "patch", id, name, body, purpose, bytes: measureJsonBytes(body) };
}

/** Generation 2 writes renames as PATCHes on the same id; the order is the PUT renames' own. */
const PATCH_RENAMES: RenameWriter = {
  rename: (change, from) => patchOperation(change.id, change.name, buildTrackerPatch({ ...change, from }), "rename"),
  temporary: (change, temporaryName) => patchOperation(change.id, temporaryName, [{ op: "replace", path: "/name", value: temporaryName }], "temporary-rename"),
};
