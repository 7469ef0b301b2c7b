import { isGen2Api } from "../client/trackers-api-gen2.js";
import type { TrackersApi } from "../client/trackers-api.js";
import { UserError } from "../errors.js";
import type { Change, Operation, Plan } from "../model/plan.js";
import type { LiveTracker } from "../model/tracker.js";
import { diffFields, readDesiredFields, readLiveFields } from "../plan/build-patch-operations.js";

type Gen2Operation = Extract<Operation, { op: "patch" | "create" }>;

export function isGen2Operation(operation: Operation): operation is Gen2Operation {
  return operation.op === "patch" || operation.op === "create";
}

/**
 * Sends one generation-2 operation exactly as planned. A plan made for generation 2 cannot be applied
 * through a generation-1 client: that would need calls the plan does not list.
 */
export async function sendGen2Operation(operation: Gen2Operation, api: TrackersApi): Promise<LiveTracker> {
  if (!isGen2Api(api)) {
    throw new UserError(
      "This plan was made for Symbl's generation-2 trackers API (PATCH), but apply is talking to a generation-1 client. Use the same api.generation in tracker-sync.yaml (or the same --api-generation) for plan and apply.",
    );
  }
  if (operation.op === "create") return api.createGen2Tracker(operation.body);
  return api.patchTracker(operation.id, operation.body);
}

/**
 * A plan is applied with the API generation it was made for, or not at all: a generation-2 plan's deletes
 * would otherwise go to Gen-1 paths, and a generation-1 plan's PUTs would silently become PATCHes.
 */
export function assertSameGeneration(plan: Plan, api: TrackersApi): void {
  const planGeneration = plan.options.apiGeneration === 2 ? 2 : 1;
  const apiGeneration = isGen2Api(api) ? 2 : 1;
  if (planGeneration === apiGeneration) return;
  throw new UserError(
    `This plan was made for Symbl's generation-${planGeneration} trackers API, but apply is talking to a generation-${apiGeneration} client, so nothing was applied. Use the same api.generation in tracker-sync.yaml (or the same --api-generation) for plan and apply.`,
  );
}

/** The change a generation-2 operation carries out (a temporary rename belongs to no change of its own). */
export function findGen2Change(plan: Plan, operation: Gen2Operation): Change | undefined {
  if (operation.op === "create") return plan.changes.find((change) => change.kind === "create" && change.name === operation.body.name);
  return plan.changes.find((change) => change.kind !== "create" && change.id === operation.id);
}

/** For a generation-2 change: the fields (other than name and vocabulary) that did not land, as a sentence. */
export function describeGen2FieldDrift(change: Change, live: LiveTracker): string | undefined {
  const current = readLiveFields(live);
  let missing: string[] = [];
  if (change.kind === "create" && change.gen2) {
    missing = diffFields(current, readDesiredFields(change.gen2)).map((field) => field.field);
  } else if ((change.kind === "update" || change.kind === "rename") && change.fields) {
    for (const field of change.fields) {
      if (field.field === "description") {
        if (current.description !== field.to) missing.push("description");
        continue;
      }
      const values = new Set(current[field.field]);
      if (field.added.some((value) => !values.has(value)) || field.removed.some((value) => values.has(value))) missing.push(field.field);
    }
  }
  if (missing.length === 0) return undefined;
  return `After apply the ${missing.join(" and ")} of "${change.name}" still differ from the repository. Run plan to see the difference.`;
}
