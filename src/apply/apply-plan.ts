import { ApiError } from "../client/api-error.js";
import { countingApi } from "../client/counting-api.js";
import type { TrackersApi } from "../client/trackers-api.js";
import { APPLY_RESULT_FORMAT_VERSION, type ApplyResult, type Change, type ChangeOutcome, type IdChange, type Operation, type Plan } from "../model/plan.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";
import { assertSameGeneration, describeGen2FieldDrift, findGen2Change, isGen2Operation, sendGen2Operation } from "./apply-gen2-operation.js";

export interface ApplyProgress {
  /** 1-based index of the operation, or 0 for the verification step. */
  step: number;
  total: number;
  description: string;
  status: "started" | "done" | "failed";
}

export interface ApplyPlanOptions {
  onProgress?: (event: ApplyProgress) => void;
  /** Checked before each operation; once true, the rest stay "skipped" and nothing is verified (Ctrl-C). */
  shouldStop?: () => boolean;
}

/**
 * Executes exactly `plan.operations`, in order, then re-lists the account and checks every change landed.
 * A failing tracker never stops the others; running apply again finishes whatever is left.
 */
export async function applyPlan(plan: Plan, api: TrackersApi, options: ApplyPlanOptions = {}): Promise<ApplyResult> {
  assertSameGeneration(plan, api);
  const counted = countingApi(api);
  const outcomes = new Map<Change, ChangeOutcome>();
  for (const change of plan.changes) outcomes.set(change, { kind: change.kind, name: change.name, ...idOf(change), status: "skipped", reason: "Not attempted." });
  const succeed = (change: Change | undefined, id?: string) => {
    if (!change) return;
    const outcome = outcomes.get(change) as ChangeOutcome;
    if (outcome.status === "failed") return;
    const appliedId = id ?? idOf(change).id;
    outcomes.set(change, { kind: change.kind, name: change.name, ...(appliedId ? { id: appliedId } : {}), status: "applied" });
  };
  const fail = (change: Change | undefined, reason: string) => {
    if (!change) return;
    const outcome = outcomes.get(change) as ChangeOutcome;
    outcomes.set(change, { ...outcome, status: "failed", reason });
  };
  const total = plan.operations.length;
  const failedIds = new Set<string>();
  const idChanges: IdChange[] = [];
  // Recreates whose delete went through but whose create has not yet: the old id is already gone.
  const halfRecreated = new Set<Change>();
  /** Names whose recreate could not delete the old tracker: creating them would clash or duplicate. */
  const blockedNames = new Set<string>();

  let stopped = false;
  for (const [index, operation] of plan.operations.entries()) {
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    const description = describeOperation(operation);
    options.onProgress?.({ step: index + 1, total, description, status: "started" });
    let ok = true;
    if (isGen2Operation(operation)) {
      const change = findGen2Change(plan, operation);
      if (operation.op === "patch" && failedIds.has(operation.id)) {
        options.onProgress?.({ step: index + 1, total, description, status: "failed" });
        continue;
      }
      try {
        const result = await sendGen2Operation(operation, counted);
        if (operation.op === "create" || operation.purpose !== "temporary-rename") succeed(change, result.id);
      } catch (error) {
        ok = false;
        if (operation.op === "patch") failedIds.add(operation.id);
        fail(change, reasonOf(error));
      }
    } else if (operation.op === "put") {
      const change = findChangeById(plan, operation.id);
      if (failedIds.has(operation.id)) {
        options.onProgress?.({ step: index + 1, total, description, status: "failed" });
        continue;
      }
      try {
        const result = await counted.updateTracker(operation.body);
        if (operation.purpose !== "temporary-rename") succeed(change, result.id);
      } catch (error) {
        ok = false;
        failedIds.add(operation.id);
        fail(change, reasonOf(error));
      }
    } else if (operation.op === "bulk-create") {
      const body = operation.body.filter((input) => !blockedNames.has(input.name));
      if (body.length === 0) {
        options.onProgress?.({ step: index + 1, total, description, status: "failed" });
        continue;
      }
      ok = body.length === operation.body.length;
      ok =
        (await createAll(body, counted, (name, result) => {
          const change = plan.changes.find((item) => (item.kind === "create" || item.kind === "recreate") && item.name === name);
          if (result instanceof Error) return fail(change, reasonOf(result));
          succeed(change, result.id);
          if (change?.kind === "recreate") idChanges.push({ name: change.name, oldId: change.id, newId: result.id });
        })) && ok;
    } else {
      const change = plan.changes.find((item) => (item.kind === "delete" || item.kind === "recreate") && item.id === operation.id);
      const recreate = change?.kind === "recreate" ? change : undefined;
      try {
        await counted.deleteTracker(operation.id);
        if (!recreate) succeed(change);
        else halfRecreated.add(recreate);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          if (!recreate) succeed(change);
          else halfRecreated.add(recreate);
        } else {
          ok = false;
          if (recreate) {
            blockedNames.add(recreate.name);
            fail(change, `Deleting the old tracker (id ${operation.id}) failed, so it was not created again: ${reasonOf(error)} Run apply again to finish.`);
          } else fail(change, reasonOf(error));
        }
      }
    }
    options.onProgress?.({ step: index + 1, total, description, status: ok ? "done" : "failed" });
  }

  const result: ApplyResult = {
    formatVersion: APPLY_RESULT_FORMAT_VERSION,
    fingerprint: plan.fingerprint,
    outcomes: [],
    idChanges,
    mergedOnPut: [],
    verified: false,
    apiCalls: 0,
  };
  if (stopped) {
    for (const [change, outcome] of outcomes) {
      if (outcome.status !== "skipped") continue;
      const reason = halfRecreated.has(change)
        ? `The old tracker (id ${change.kind === "create" ? "" : change.id}) was deleted, but apply was interrupted before creating it again; run apply again to create it (it gets a new id).`
        : "Not attempted: apply was interrupted; run apply again to complete it.";
      outcomes.set(change, { ...outcome, reason });
    }
  } else if (plan.changes.length > 0) {
    options.onProgress?.({ step: 0, total, description: "verify: re-list the account and compare", status: "started" });
    try {
      await verify(plan, counted, outcomes, result);
    } catch (error) {
      result.verified = false;
      for (const [change, outcome] of outcomes) {
        if (outcome.status === "applied") outcomes.set(change, { ...outcome, reason: `Could not verify: ${reasonOf(error)}` });
      }
    }
    options.onProgress?.({ step: 0, total, description: "verify", status: result.verified ? "done" : "failed" });
  } else {
    result.verified = true;
  }
  result.outcomes = [...outcomes.values()];
  result.apiCalls = counted.totalCalls();
  return result;
}

/**
 * A bulk create that fails (a 400 for one bad tracker, a 409) must not sink the rest: look at what exists now
 * and create the others one at a time, so each failure is reported against its own tracker.
 */
async function createAll(inputs: TrackerInput[], api: TrackersApi, report: (name: string, result: LiveTracker | Error) => void): Promise<boolean> {
  try {
    const created = await api.createTrackers(inputs);
    for (const tracker of created) report(tracker.name, tracker);
    return true;
  } catch (bulkError) {
    let live: LiveTracker[];
    try {
      live = await api.listTrackers();
    } catch {
      for (const input of inputs) report(input.name, bulkError instanceof Error ? bulkError : new Error(String(bulkError)));
      return false;
    }
    const byName = new Map(live.map((tracker) => [tracker.name, tracker]));
    let ok = true;
    for (const input of inputs) {
      const existing = byName.get(input.name);
      if (existing) {
        report(input.name, existing);
        continue;
      }
      try {
        report(input.name, await api.createTracker(input));
      } catch (error) {
        ok = false;
        report(input.name, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return ok;
  }
}

/**
 * Re-list and compare every change with what the repository wants. A PUT whose removed phrases stayed live
 * means the account appends on PUT although tracker-sync.yaml says replace: the user is told which
 * putBehavior to set, and the next plan shows the recreate (with its id change) for review.
 */
async function verify(plan: Plan, api: TrackersApi, outcomes: Map<Change, ChangeOutcome>, result: ApplyResult): Promise<void> {
  const live = await api.listTrackers();
  for (const change of plan.changes) {
    const outcome = outcomes.get(change) as ChangeOutcome;
    if (outcome.status !== "applied") continue;
    if (change.kind === "delete") {
      const remaining = findDeletedTrackerStillLive(plan, change, live);
      if (remaining) outcomes.set(change, { ...outcome, status: "failed", reason: describeStillLive(change, remaining) });
      continue;
    }
    if (change.kind === "recreate") {
      if (live.some((tracker) => tracker.id === change.id)) {
        outcomes.set(change, { ...outcome, status: "failed", reason: `Tracker "${change.from ?? change.name}" (id ${change.id}) is still in the account after the delete.` });
        continue;
      }
    }
    const tracker = live.find((item) => item.name === change.name);
    if (!tracker) {
      outcomes.set(change, { ...outcome, status: "failed", reason: `Tracker "${change.name}" is not in the account after apply.` });
      continue;
    }
    const liveSet = new Set(tracker.vocabulary);
    const desiredSet = new Set(change.vocabulary);
    const missing = [...desiredSet].filter((phrase) => !liveSet.has(phrase));
    const unexpected = [...liveSet].filter((phrase) => !desiredSet.has(phrase));
    const fieldDrift = plan.options.apiGeneration === 2 ? describeGen2FieldDrift(change, tracker) : undefined;
    if (fieldDrift && missing.length === 0 && unexpected.length === 0) {
      outcomes.set(change, { ...outcome, status: "failed", reason: fieldDrift });
      continue;
    }
    if (missing.length === 0 && unexpected.length === 0) continue;
    // PATCH removes phrases itself, so generation 2 never needs the merged-PUT recreate.
    const putChange = (change.kind === "update" || change.kind === "rename") && plan.options.apiGeneration !== 2;
    if (putChange && missing.length === 0) {
      result.mergedOnPut.push({ name: change.name, id: tracker.id, unexpected });
      outcomes.set(change, {
        ...outcome,
        status: "failed",
        reason: `The account appended the vocabulary on PUT instead of replacing it, so ${unexpected.length} removed phrase(s) are still live (${unexpected.map((phrase) => `"${phrase}"`).join(", ")}). Set putBehavior: append in tracker-sync.yaml (Symbl's documented behaviour) and run plan again: it will show this tracker as a recreate (delete and create, new id) for review.`,
      });
      continue;
    }
    const details = [
      missing.length > 0 ? `missing ${missing.map((phrase) => `"${phrase}"`).join(", ")}` : "",
      unexpected.length > 0 ? `unexpected ${unexpected.map((phrase) => `"${phrase}"`).join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; ");
    outcomes.set(change, { ...outcome, status: "failed", reason: `After apply the live vocabulary of "${change.name}" still differs: ${details}. Run plan to see the difference.` });
  }
  result.verified = plan.changes.every((change) => {
    if (change.kind === "delete") return findDeletedTrackerStillLive(plan, change, live) === undefined;
    if (change.kind === "recreate" && live.some((tracker) => tracker.id === change.id)) return false;
    const tracker = live.find((item) => item.name === change.name);
    if (!tracker) return false;
    if (plan.options.apiGeneration === 2 && describeGen2FieldDrift(change, tracker) !== undefined) return false;
    const liveSet = new Set(tracker.vocabulary);
    const desiredSet = new Set(change.vocabulary);
    return liveSet.size === desiredSet.size && [...desiredSet].every((phrase) => liveSet.has(phrase));
  });
}

/**
 * A deleted tracker is gone only when neither its id nor its name is live. A DELETE answered 404 proves
 * nothing about the name: the tracker may have been recreated under a new id (by another apply, or a
 * retry that raced), and the retired name would stay live behind `verified: true`. The name is not
 * checked when another change of the plan ends with it (a rename or create that takes the name over).
 */
function findDeletedTrackerStillLive(plan: Plan, change: Extract<Change, { kind: "delete" }>, live: LiveTracker[]): LiveTracker | undefined {
  const byId = live.find((tracker) => tracker.id === change.id);
  if (byId) return byId;
  const nameTakenOver = plan.changes.some((other) => other.kind !== "delete" && other.name === change.name);
  return nameTakenOver ? undefined : live.find((tracker) => tracker.name === change.name);
}

function describeStillLive(change: Extract<Change, { kind: "delete" }>, remaining: LiveTracker): string {
  if (remaining.id === change.id) return `Tracker "${change.name}" (id ${change.id}) is still in the account after the delete.`;
  return `Tracker "${change.name}" is still in the account under id ${remaining.id} (the plan deleted id ${change.id}). Run plan again: it will list the live tracker for deletion.`;
}

function findChangeById(plan: Plan, id: string): Change | undefined {
  return plan.changes.find((change) => change.kind !== "create" && change.id === id);
}

function idOf(change: Change): { id?: string } {
  return change.kind === "create" ? {} : { id: change.id };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function describeOperation(operation: Operation): string {
  if (operation.op === "create") return `create "${operation.body.name}" (${operation.body.vocabulary.length} phrase(s))`;
  if (operation.op === "patch") {
    if (operation.purpose === "temporary-rename") return `PATCH id ${operation.id}: move to the temporary name "${operation.name}"`;
    return `PATCH id ${operation.id} ("${operation.name}"): ${operation.body.length} operation(s)`;
  }
  if (operation.op === "bulk-create") return `create ${operation.body.length} tracker(s) in one request: ${summariseNames(operation.body.map((item) => item.name))}`;
  if (operation.op === "delete") {
    return operation.purpose === "recreate" ? `delete "${operation.name}" (id ${operation.id}) to create it again with a new id` : `delete "${operation.name}" (id ${operation.id})`;
  }
  if (operation.purpose === "temporary-rename") return `move id ${operation.id} to the temporary name "${operation.body.name}"`;
  if (operation.purpose === "rename") return `rename id ${operation.id} to "${operation.body.name}"`;
  return `update "${operation.body.name}" (id ${operation.id})`;
}

function summariseNames(names: string[]): string {
  const shown = names.slice(0, 3).map((name) => `"${name}"`);
  return names.length > 3 ? `${shown.join(", ")} and ${names.length - 3} more` : shown.join(", ");
}
