import { ApiError } from "../client/api-error.js";
import { countingApi } from "../client/counting-api.js";
import type { TrackersApi } from "../client/trackers-api.js";
import { APPLY_RESULT_FORMAT_VERSION, type ApplyResult, type Change, type ChangeOutcome, type Operation, type Plan } from "../model/plan.js";
import type { LiveTracker, TrackerInput } from "../model/tracker.js";

export interface ApplyProgress {
  /** 1-based index of the operation, or 0 for the verification step. */
  step: number;
  total: number;
  description: string;
  status: "started" | "done" | "failed";
}

export interface ApplyPlanOptions {
  /** When the server merged vocabulary on PUT, delete and recreate the tracker (its id changes). */
  recreateOnMerge?: boolean;
  onProgress?: (event: ApplyProgress) => void;
  /** Checked before each operation; once true, the rest stay "skipped" and nothing is verified (Ctrl-C). */
  shouldStop?: () => boolean;
}

/**
 * Executes exactly `plan.operations`, in order, then re-lists the account and checks every change landed.
 * A failing tracker never stops the others; running apply again finishes whatever is left.
 */
export async function applyPlan(plan: Plan, api: TrackersApi, options: ApplyPlanOptions = {}): Promise<ApplyResult> {
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

  let stopped = false;
  for (const [index, operation] of plan.operations.entries()) {
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    const description = describeOperation(operation);
    options.onProgress?.({ step: index + 1, total, description, status: "started" });
    let ok = true;
    if (operation.op === "put") {
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
      ok = await createAll(operation.body, counted, (name, result) => {
        const change = plan.changes.find((item) => item.kind === "create" && item.name === name);
        if (result instanceof Error) fail(change, reasonOf(result));
        else succeed(change, result.id);
      });
    } else {
      const change = plan.changes.find((item) => item.kind === "delete" && item.id === operation.id);
      try {
        await counted.deleteTracker(operation.id);
        succeed(change);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) succeed(change);
        else {
          ok = false;
          fail(change, reasonOf(error));
        }
      }
    }
    options.onProgress?.({ step: index + 1, total, description, status: ok ? "done" : "failed" });
  }

  const result: ApplyResult = {
    formatVersion: APPLY_RESULT_FORMAT_VERSION,
    fingerprint: plan.fingerprint,
    outcomes: [],
    idChanges: [],
    mergedOnPut: [],
    verified: false,
    apiCalls: 0,
  };
  if (stopped) {
    for (const [change, outcome] of outcomes) {
      if (outcome.status === "skipped") outcomes.set(change, { ...outcome, reason: "Not attempted: apply was interrupted; run apply again to complete it." });
    }
  } else if (plan.changes.length > 0) {
    options.onProgress?.({ step: 0, total, description: "verify: re-list the account and compare", status: "started" });
    try {
      await verify(plan, counted, outcomes, result, options.recreateOnMerge ?? false);
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
async function createAll(
  inputs: TrackerInput[],
  api: TrackersApi,
  report: (name: string, result: LiveTracker | Error) => void,
): Promise<boolean> {
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

/** Re-list and compare every change with what the repository wants; handles a server that merged on PUT. */
async function verify(plan: Plan, api: TrackersApi, outcomes: Map<Change, ChangeOutcome>, result: ApplyResult, recreateOnMerge: boolean): Promise<void> {
  let live = await api.listTrackers();
  const recreated = new Set<string>();
  for (const change of plan.changes) {
    const outcome = outcomes.get(change) as ChangeOutcome;
    if (outcome.status !== "applied") continue;
    if (change.kind === "delete") {
      if (live.some((tracker) => tracker.id === change.id)) outcomes.set(change, { ...outcome, status: "failed", reason: `Tracker "${change.name}" (id ${change.id}) is still in the account after the delete.` });
      continue;
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
    if (missing.length === 0 && unexpected.length === 0) continue;
    const putChange = change.kind === "update" || change.kind === "rename";
    if (putChange && missing.length === 0) {
      result.mergedOnPut.push({ name: change.name, id: tracker.id, unexpected });
      if (!recreateOnMerge) {
        outcomes.set(change, {
          ...outcome,
          status: "failed",
          reason: `The server merged the vocabulary on PUT instead of replacing it, so ${unexpected.length} removed phrase(s) are still live (${unexpected.map((phrase) => `"${phrase}"`).join(", ")}). Run apply again with --recreate-on-merge to delete and recreate the tracker (its id changes).`,
        });
        continue;
      }
      try {
        await api.deleteTracker(tracker.id);
        const fresh = await api.createTracker({ name: change.name, vocabulary: [...change.vocabulary] });
        result.idChanges.push({ name: change.name, oldId: tracker.id, newId: fresh.id });
        outcomes.set(change, { ...outcome, id: fresh.id, reason: `Recreated because the server merged the vocabulary on PUT; the id changed from ${tracker.id} to ${fresh.id}.` });
        recreated.add(change.name);
      } catch (error) {
        outcomes.set(change, { ...outcome, status: "failed", reason: `Recreating after a merged PUT failed: ${reasonOf(error)} Run apply again to finish.` });
      }
      continue;
    }
    const details = [missing.length > 0 ? `missing ${missing.map((phrase) => `"${phrase}"`).join(", ")}` : "", unexpected.length > 0 ? `unexpected ${unexpected.map((phrase) => `"${phrase}"`).join(", ")}` : ""]
      .filter(Boolean)
      .join("; ");
    outcomes.set(change, { ...outcome, status: "failed", reason: `After apply the live vocabulary of "${change.name}" still differs: ${details}. Run plan to see the difference.` });
  }
  if (recreated.size > 0) live = await api.listTrackers();
  result.verified = plan.changes.every((change) => {
    if (change.kind === "delete") return !live.some((tracker) => tracker.id === change.id);
    const tracker = live.find((item) => item.name === change.name);
    if (!tracker) return false;
    const liveSet = new Set(tracker.vocabulary);
    const desiredSet = new Set(change.vocabulary);
    return liveSet.size === desiredSet.size && [...desiredSet].every((phrase) => liveSet.has(phrase));
  });
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
  if (operation.op === "bulk-create") return `create ${operation.body.length} tracker(s) in one request: ${summariseNames(operation.body.map((item) => item.name))}`;
  if (operation.op === "delete") return `delete "${operation.name}" (id ${operation.id})`;
  if (operation.purpose === "temporary-rename") return `move id ${operation.id} to the temporary name "${operation.body.name}"`;
  if (operation.purpose === "rename") return `rename id ${operation.id} to "${operation.body.name}"`;
  return `update "${operation.body.name}" (id ${operation.id})`;
}

function summariseNames(names: string[]): string {
  const shown = names.slice(0, 3).map((name) => `"${name}"`);
  return names.length > 3 ? `${shown.join(", ")} and ${names.length - 3} more` : shown.join(", ");
}
