import { MAX_REQUEST_BYTES, measureJsonBytes } from "../model/limits.js";
import type { Change, Operation } from "../model/plan.js";
import type { TrackerInput } from "../model/tracker.js";
import { compareText, sha256 } from "./fingerprint.js";
import { TEMPORARY_NAME } from "../model/reserved-names.js";

type RenameChange = Extract<Change, { kind: "rename" }>;
type CreateChange = Extract<Change, { kind: "create" }>;
type RecreateChange = Extract<Change, { kind: "recreate" }>;

export interface OperationContext {
  /** Names in the live account before apply. */
  liveNames: ReadonlySet<string>;
  /** Trackers in the account before apply (unreadable ones included). */
  liveCount: number;
  maxTrackers: number;
}

/**
 * The API calls that carry out the changes, in the order apply sends them: the deletes of recreated trackers
 * (which free their names for swaps and their slots for the 500 limit), renames (through a temporary name
 * only where names form a cycle, so no PUT ever hits a 409), creates (new and recreated) packed into as few
 * bulk POSTs as the 1 MB body limit allows, then PUTs, then deletes last so nothing is lost before the rest
 * succeeded, unless the creates would push the account over its tracker limit, in which case the deletes go
 * before the creates.
 */
export function buildOperations(changes: Change[], context: OperationContext): Operation[] {
  const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
  const renames = changes.filter((change): change is RenameChange => change.kind === "rename").sort(byName);
  const creates = changes.filter((change): change is CreateChange | RecreateChange => change.kind === "create" || change.kind === "recreate").sort(byName);
  const recreates = changes.filter((change): change is RecreateChange => change.kind === "recreate").sort(byName);
  const updates = changes.filter((change) => change.kind === "update").sort(byName);
  const deletes = changes.filter((change) => change.kind === "delete").sort(byName);

  const deleteOperations: Operation[] = deletes.map((change) => ({ op: "delete", id: change.id, name: change.name }));
  const newTrackers = creates.length - recreates.length;
  const deletesFirst = context.liveCount + newTrackers > context.maxTrackers && deleteOperations.length > 0;

  const operations: Operation[] = recreates.map((change) => ({ op: "delete", id: change.id, name: change.from ?? change.name, purpose: "recreate" }));
  operations.push(...orderRenames(renames, context.liveNames));
  if (deletesFirst) operations.push(...deleteOperations);
  for (const body of packCreates(creates.map((change) => ({ name: change.name, vocabulary: [...change.vocabulary] })))) {
    operations.push({ op: "bulk-create", body, bytes: measureJsonBytes(body) });
  }
  for (const change of updates) {
    if (change.kind !== "update") continue;
    operations.push({ op: "put", id: change.id, body: { id: change.id, name: change.name, vocabulary: [...change.vocabulary] }, purpose: "update" });
  }
  if (!deletesFirst) operations.push(...deleteOperations);
  return operations;
}

/** The most trackers the account holds at any point while the operations run in order. */
export function measurePeakTrackers(operations: Operation[], liveCount: number): number {
  let count = liveCount;
  let peak = liveCount;
  for (const operation of operations) {
    if (operation.op === "bulk-create") count += operation.body.length;
    else if (operation.op === "create") count += 1;
    else if (operation.op === "delete") count -= 1;
    peak = Math.max(peak, count);
  }
  return peak;
}

/** How one API generation writes a rename: to its target name, or to a temporary name that breaks a cycle. */
export interface RenameWriter {
  /** `from` is the name the tracker has when this runs (a temporary one after a cycle was broken). */
  rename(change: RenameChange, from: string): Operation;
  temporary(change: RenameChange, temporaryName: string): Operation;
}

const PUT_RENAMES: RenameWriter = {
  rename: (change) => ({ op: "put", id: change.id, body: { id: change.id, name: change.name, vocabulary: [...change.vocabulary] }, purpose: "rename" }),
  temporary: (change, temporaryName) => ({
    op: "put",
    id: change.id,
    body: { id: change.id, name: temporaryName, vocabulary: [...change.previousVocabulary] },
    purpose: "temporary-rename",
  }),
};

/**
 * A rename runs once no other pending rename still holds its target name. When every pending rename waits
 * on another (a swap or a cycle), the first by name moves to a temporary name, which breaks the cycle.
 */
export function orderRenames(renames: RenameChange[], liveNames: ReadonlySet<string>, writer: RenameWriter = PUT_RENAMES): Operation[] {
  const operations: Operation[] = [];
  const currentName = new Map(renames.map((change) => [change.id, change.from]));
  const pending = [...renames];
  const takenNames = new Set(liveNames);
  while (pending.length > 0) {
    const held = new Set(pending.map((change) => currentName.get(change.id)));
    const ready = pending.find((change) => !held.has(change.name) || currentName.get(change.id) === change.name);
    if (ready) {
      operations.push(writer.rename(ready, currentName.get(ready.id) ?? ready.from));
      takenNames.add(ready.name);
      pending.splice(pending.indexOf(ready), 1);
      continue;
    }
    const blocker = pending[0] as RenameChange;
    const temporary = pickTemporaryName(blocker, takenNames);
    takenNames.add(temporary);
    currentName.set(blocker.id, temporary);
    operations.push(writer.temporary(blocker, temporary));
  }
  return operations;
}

/** Letters, digits and spaces only, so it passes the strictest reading of Symbl's character rules. */
export function pickTemporaryName(change: Pick<RenameChange, "id" | "from" | "name">, takenNames: ReadonlySet<string>): string {
  const hash = sha256(`${change.id}\n${change.from}\n${change.name}`).slice(0, 8);
  let candidate = `${change.from} tracker-sync tmp ${hash}`;
  for (let counter = 2; takenNames.has(candidate); counter++) candidate = `${change.from} tracker-sync tmp ${hash} ${counter}`;
  return candidate;
}

/** Greedy packing in name order: stable output, and optimal while trackers are far below 1 MB each. */
export function packCreates(inputs: TrackerInput[], maxBytes: number = MAX_REQUEST_BYTES): TrackerInput[][] {
  const batches: TrackerInput[][] = [];
  let batch: TrackerInput[] = [];
  let batchBytes = 2; // "[]"
  for (const input of inputs) {
    const itemBytes = measureJsonBytes(input);
    const addedBytes = itemBytes + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && batchBytes + addedBytes > maxBytes) {
      batches.push(batch);
      batch = [];
      batchBytes = 2;
    }
    batchBytes += itemBytes + (batch.length > 0 ? 1 : 0);
    batch.push(input);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The original name inside a temporary swap name, or undefined for any other name. */
export function parseTemporaryName(name: string): string | undefined {
  return TEMPORARY_NAME.exec(name)?.[1];
}

export function measureOperationBytes(operation: Operation): number {
  if (operation.op === "bulk-create" || operation.op === "patch" || operation.op === "create") return operation.bytes;
  if (operation.op === "put") return measureJsonBytes(operation.body);
  return 0;
}
