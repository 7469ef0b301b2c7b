import { MAX_REQUEST_BYTES, MAX_TRACKERS_PER_ACCOUNT } from "../model/limits.js";
import type { Change, GuardViolation, Plan, UnmanagedTracker } from "../model/plan.js";
import type { LiveTracker, TrackerDefinition } from "../model/tracker.js";
import { buildPlan, type BuildPlanInput } from "./build-plan.js";
import { buildPatchOperations, diffFields, readDesiredFields, readLiveFields, toCreateFields } from "./build-patch-operations.js";
import { measureOperationBytes, measurePeakTrackers } from "./build-operations.js";
import { canonicalJson, combineFingerprints, compareText, sha256, sortedUnique } from "./fingerprint.js";

/** The planner for the account's API generation (`api.generation` in tracker-sync.yaml). */
export function buildPlanForGeneration(input: BuildPlanInput): Plan {
  return input.config.api?.generation === 2 ? buildPlanGen2(input) : buildPlan(input);
}

const KIND_ORDER: Record<Change["kind"], number> = { rename: 0, recreate: 1, create: 2, update: 3, delete: 4 };

/**
 * The plan for an account on Symbl's generation-2 API. Matching, renames, prune and guards are the
 * generation-1 planner's; on top of that description, categories and languages are compared, every
 * change to an existing tracker is one PATCH on its id (no recreate, whatever the PUT behaviour), and
 * Symbl's pre-added ("managed") trackers are listed as unmanaged and never touched. Pure.
 */
export function buildPlanGen2(input: BuildPlanInput): Plan {
  const managed = input.live.filter((tracker) => tracker.managed === true);
  const own = input.live.filter((tracker) => tracker.managed !== true);
  // PATCH removes phrases in place, so the generation-1 planner must never plan a recreate here.
  const core = buildPlan({ ...input, config: { ...input.config, putBehavior: "replace" }, live: own });

  const active = input.desired.filter((tracker) => !tracker.retired);
  const desiredByName = new Map(active.map((tracker) => [tracker.name, tracker]));
  const liveById = new Map(own.map((tracker) => [tracker.id, tracker]));
  const liveByName = new Map<string, LiveTracker>();
  for (const tracker of [...own].sort((a, b) => compareText(a.id, b.id))) if (!liveByName.has(tracker.name)) liveByName.set(tracker.name, tracker);

  const changes: Change[] = core.changes.map((change) => withFields(change, desiredByName, liveById));
  const planned = new Set(changes.map((change) => change.name));
  let fieldOnlyUpdates = 0;
  for (const tracker of active) {
    if (planned.has(tracker.name)) continue;
    const live = liveByName.get(tracker.name);
    if (!live) continue;
    const fields = diffFields(readLiveFields(live), readDesiredFields(tracker));
    if (fields.length === 0) continue;
    fieldOnlyUpdates++;
    changes.push({
      kind: "update",
      id: live.id,
      name: tracker.name,
      added: [],
      removed: [],
      vocabulary: [...tracker.vocabulary],
      previousVocabulary: [...live.vocabulary],
      source: { file: tracker.source.file, line: tracker.source.name.line },
      fields,
    });
  }
  changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.name, b.name));

  const operations = buildPatchOperations(changes, { liveNames: new Set(input.live.map((tracker) => tracker.name)), liveCount: input.live.length, maxTrackers: MAX_TRACKERS_PER_ACCOUNT });
  const trackersAfter = core.capacity.trackersAfter + managed.length;
  const peakTrackers = measurePeakTrackers(operations, input.live.length);
  const unmanaged: UnmanagedTracker[] = [
    ...core.unmanaged,
    ...managed.map((tracker): UnmanagedTracker => ({ id: tracker.id, name: tracker.name, phraseCount: tracker.vocabulary.length, symblManaged: true })),
  ].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const violations = [
    ...core.violations.filter((violation) => violation.guard !== "request-size" && violation.guard !== "tracker-limit"),
    ...checkTrackerLimit(trackersAfter, peakTrackers),
    ...checkRequestSizes(operations),
    ...checkManagedNames(active, managed),
  ];
  // putBehavior does not apply to PATCH; the plan shows the account's setting as configured.
  const options = { ...core.options, putBehavior: input.config.putBehavior, apiGeneration: 2 as const };
  const liveFingerprint = fingerprintLiveGen2(input.live);
  const desiredFingerprint = fingerprintDesiredGen2(input.desired, core.desiredFingerprint);
  return {
    ...core,
    fingerprint: combineFingerprints(liveFingerprint, desiredFingerprint),
    liveFingerprint,
    desiredFingerprint,
    options,
    changes,
    operations,
    unmanaged,
    summary: {
      ...core.summary,
      update: changes.filter((change) => change.kind === "update").length,
      unchanged: core.summary.unchanged - fieldOnlyUpdates,
      unmanaged: unmanaged.length,
    },
    capacity: {
      ...core.capacity,
      trackersAfter,
      peakTrackers,
      largestRequestBytes: operations.reduce((largest, operation) => Math.max(largest, measureOperationBytes(operation)), 0),
    },
    violations,
  };
}

function withFields(change: Change, desiredByName: Map<string, TrackerDefinition>, liveById: Map<string, LiveTracker>): Change {
  const desired = desiredByName.get(change.name);
  if (change.kind === "create") return desired ? { ...change, gen2: toCreateFields(readDesiredFields(desired)) } : change;
  if ((change.kind !== "update" && change.kind !== "rename") || !desired) return change;
  const live = liveById.get(change.id);
  if (!live) return change;
  const fields = diffFields(readLiveFields(live), readDesiredFields(desired));
  return fields.length > 0 ? { ...change, fields } : change;
}

/** Symbl's managed trackers count against the account's 500 like any other. */
function checkTrackerLimit(trackersAfter: number, peakTrackers: number): GuardViolation[] {
  if (trackersAfter <= MAX_TRACKERS_PER_ACCOUNT && peakTrackers <= MAX_TRACKERS_PER_ACCOUNT) return [];
  const count = Math.max(trackersAfter, peakTrackers);
  return [
    {
      guard: "tracker-limit",
      message: `The account would hold ${count} trackers (Symbl-managed ones included); Symbl allows ${MAX_TRACKERS_PER_ACCOUNT}. Retire or merge ${count - MAX_TRACKERS_PER_ACCOUNT} trackers first.`,
    },
  ];
}

function checkRequestSizes(operations: Plan["operations"]): GuardViolation[] {
  const violations: GuardViolation[] = [];
  for (const operation of operations) {
    const bytes = measureOperationBytes(operation);
    if (bytes <= MAX_REQUEST_BYTES) continue;
    const name = operation.op === "create" ? operation.body.name : "name" in operation ? operation.name : "";
    violations.push({
      guard: "request-size",
      message: `The request for tracker "${name}" would be ${bytes} bytes; Symbl accepts at most ${MAX_REQUEST_BYTES} bytes (1 MB). Split its vocabulary across several trackers.`,
    });
  }
  return violations;
}

function checkManagedNames(active: TrackerDefinition[], managed: LiveTracker[]): GuardViolation[] {
  const managedByName = new Map(managed.map((tracker) => [tracker.name, tracker]));
  const violations: GuardViolation[] = [];
  for (const tracker of active) {
    const clash = managedByName.get(tracker.name) ?? tracker.previousNames.map((name) => managedByName.get(name)).find(Boolean);
    if (!clash) continue;
    violations.push({
      guard: "symbl-managed",
      message: `Tracker "${tracker.name}" (${tracker.source.file}:${tracker.source.name.line}) names the Symbl-managed tracker "${clash.name}" (id ${clash.id}); tracker-sync never changes Symbl's managed trackers. Give the definition another name (and no previousNames entry for it).`,
    });
  }
  return violations;
}

/** Like the generation-1 fingerprint, plus the generation-2 fields and the managed flag. */
export function fingerprintLiveGen2(live: readonly LiveTracker[]): string {
  const normalised = [...live]
    .map((tracker) => {
      const fields = readLiveFields(tracker);
      return {
        id: tracker.id,
        name: tracker.name,
        vocabulary: sortedUnique(tracker.vocabulary),
        description: fields.description,
        categories: sortedUnique(fields.categories),
        languages: sortedUnique(fields.languages),
        managed: tracker.managed === true,
      };
    })
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  return sha256(canonicalJson({ apiGeneration: 2, trackers: normalised }));
}

function fingerprintDesiredGen2(desired: readonly TrackerDefinition[], coreFingerprint: string): string {
  const fields = [...desired]
    .filter((tracker) => !tracker.retired)
    .map((tracker) => {
      const read = readDesiredFields(tracker);
      return { name: tracker.name, description: read.description, categories: sortedUnique(read.categories), languages: sortedUnique(read.languages) };
    })
    .sort((a, b) => compareText(a.name, b.name));
  return sha256(canonicalJson({ apiGeneration: 2, core: coreFingerprint, fields }));
}
