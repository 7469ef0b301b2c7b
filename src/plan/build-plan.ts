import type { Config } from "../model/config.js";
import { MAX_PHRASES_PER_TRACKER, MAX_REQUEST_BYTES, MAX_TRACKERS_PER_ACCOUNT } from "../model/limits.js";
import { PLAN_FORMAT_VERSION, type Capacity, type Change, type GuardViolation, type Plan, type PlanTarget, type UnmanagedTracker } from "../model/plan.js";
import type { LiveTracker, TrackerDefinition } from "../model/tracker.js";
import { combineFingerprints, compareText, fingerprintDesired, fingerprintLive } from "./fingerprint.js";
import type { UnreadableTracker } from "../contract/trackers-contract.js";
import { buildOperations, measureOperationBytes, measurePeakTrackers, parseTemporaryName } from "./build-operations.js";
import { LOCK_TRACKER_NAME } from "../model/reserved-names.js";

export interface BuildPlanInput {
  desired: TrackerDefinition[];
  live: LiveTracker[];
  /** Live trackers the API returned without a usable name or vocabulary (see TrackersApi.listAccount). */
  unreadable?: UnreadableTracker[];
  config: Config;
  /** Overrides `config.prune` (the `--prune` flag). */
  prune?: boolean;
  mode?: "live" | "offline";
  /** The API the live trackers were read from (live plans). */
  target?: PlanTarget;
}

/**
 * Below this many managed trackers the percentage guard stays quiet: deleting 1 of 3 is 33 % but not a
 * disaster, and `guards.maxDeletes` still applies.
 */
export const MIN_MANAGED_FOR_PERCENT_GUARD = 10;

/** Compares the repository with the live account and returns the complete plan. Pure. */
export function buildPlan(input: BuildPlanInput): Plan {
  const { config } = input;
  const putBehavior = config.putBehavior;
  const unreadable = [...(input.unreadable ?? [])].sort((a, b) => compareText(a.id, b.id));
  const prune = input.prune ?? config.prune;
  const ownershipPrefix = config.ownership.prefix && config.ownership.prefix.length > 0 ? config.ownership.prefix : undefined;
  const active = input.desired.filter((tracker) => !tracker.retired).sort((a, b) => compareText(a.name, b.name));
  const retired = input.desired.filter((tracker) => tracker.retired).sort((a, b) => compareText(a.name, b.name));
  // The apply lock is tracker-sync's own bookkeeping: never managed, pruned, counted or fingerprinted.
  const accountTrackers = input.live.filter((tracker) => tracker.name !== LOCK_TRACKER_NAME);
  const live = [...accountTrackers].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const liveByName = new Map<string, LiveTracker>();
  for (const tracker of live) if (!liveByName.has(tracker.name)) liveByName.set(tracker.name, tracker);

  const renameSources = resolveRenames(active, liveByName);
  const changes: Change[] = [];
  const matchedIds = new Set<string>();
  let unchanged = 0;

  for (const tracker of active) {
    const source = { file: tracker.source.file, line: tracker.source.name.line };
    const renamedFrom = renameSources.get(tracker.name);
    const current = renamedFrom ?? liveByName.get(tracker.name);
    if (!current) {
      changes.push({ kind: "create", name: tracker.name, vocabulary: [...tracker.vocabulary], source });
      continue;
    }
    matchedIds.add(current.id);
    const { added, removed } = diffVocabulary(current.vocabulary, tracker.vocabulary);
    const common = {
      id: current.id,
      name: tracker.name,
      added,
      removed,
      vocabulary: [...tracker.vocabulary],
      previousVocabulary: [...current.vocabulary],
      source,
    };
    // Under append a PUT cannot take a phrase away; the plan says so instead of apply finding out.
    if (putBehavior === "append" && removed.length > 0) {
      const { id, ...rest } = common;
      changes.push({ kind: "recreate", id, ...(renamedFrom ? { from: renamedFrom.name } : {}), ...rest });
    } else if (renamedFrom) changes.push({ kind: "rename", from: renamedFrom.name, ...common });
    else if (added.length > 0 || removed.length > 0) changes.push({ kind: "update", ...common });
    else unchanged++;
  }

  const activeNames = new Set(active.map((tracker) => tracker.name));
  for (const tombstone of retired) {
    const current = liveByName.get(tombstone.name);
    if (!current || matchedIds.has(current.id) || activeNames.has(tombstone.name)) continue;
    matchedIds.add(current.id);
    changes.push({
      kind: "delete",
      id: current.id,
      name: current.name,
      vocabulary: [...current.vocabulary],
      reason: "retired",
      source: { file: tombstone.source.file, line: tombstone.source.name.line },
    });
  }

  const isOwned = (name: string) => !ownershipPrefix || name.startsWith(ownershipPrefix);
  const unmanaged: UnmanagedTracker[] = [];
  for (const tracker of live) {
    if (matchedIds.has(tracker.id)) continue;
    if (prune && isOwned(tracker.name)) {
      changes.push({ kind: "delete", id: tracker.id, name: tracker.name, vocabulary: [...tracker.vocabulary], reason: "pruned" });
    } else {
      unmanaged.push({ id: tracker.id, name: tracker.name, phraseCount: tracker.vocabulary.length });
    }
  }

  const liveNames = new Set(live.map((tracker) => tracker.name));
  const liveCount = live.length + unreadable.length;
  const operations = buildOperations(changes, { liveNames, liveCount, maxTrackers: MAX_TRACKERS_PER_ACCOUNT });
  const summary = {
    create: countKind(changes, "create"),
    update: countKind(changes, "update"),
    rename: countKind(changes, "rename"),
    recreate: countKind(changes, "recreate"),
    delete: countKind(changes, "delete"),
    unchanged,
    unmanaged: unmanaged.length,
  };
  const capacity = measureCapacity(active, liveCount, unmanaged, summary, operations);
  const managedCount = live.filter((tracker) => isOwned(tracker.name)).length;
  const violations = checkGuards({ config, active, changes, capacity, managedCount, operations });
  violations.push(...checkUnreadable(unreadable, input.desired));

  const options = { prune, ...(ownershipPrefix ? { ownershipPrefix } : {}), putBehavior };
  const liveFingerprint = fingerprintLive(accountTrackers, unreadable);
  const environment = config.environment?.name;
  // The environment is hashed too: a plan reviewed for staging can never stand in for production's.
  const desiredFingerprint = fingerprintDesired(input.desired, { ...options, guards: config.guards, ...(environment !== undefined ? { environment } : {}) });
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    mode: input.mode ?? "live",
    ...(environment !== undefined ? { environment } : {}),
    ...(input.target ? { target: { ...input.target } } : {}),
    fingerprint: combineFingerprints(liveFingerprint, desiredFingerprint),
    liveFingerprint,
    desiredFingerprint,
    options,
    changes: sortChanges(changes),
    operations,
    unmanaged,
    ...(unreadable.length > 0 ? { unreadable } : {}),
    summary,
    capacity,
    violations,
  };
}

/**
 * A tracker the API returned without a name or vocabulary is never touched. If the repository names it (as a
 * tracker, a previous name or a tombstone), the plan cannot say what would change, so apply is refused.
 */
function checkUnreadable(unreadable: UnreadableTracker[], desired: TrackerDefinition[]): GuardViolation[] {
  const violations: GuardViolation[] = [];
  for (const tracker of unreadable) {
    if (tracker.name === undefined) continue;
    const wanted = desired.find((definition) => definition.name === tracker.name || definition.previousNames.includes(tracker.name as string));
    if (!wanted) continue;
    violations.push({
      guard: "unreadable-tracker",
      message: `The account's tracker ${tracker.id} ("${tracker.name}") ${tracker.problem}, so tracker-sync cannot tell what "${wanted.name}" (${wanted.source.file}:${wanted.source.name.line}) would change. Fix or delete tracker ${tracker.id} in Symbl, then plan again.`,
    });
  }
  return violations;
}

/**
 * Which desired trackers take over a live tracker through `previousNames`. Identity is the exact name, so
 * a rename only wins when the old name is not itself wanted, or when it is wanted by a tracker that moves
 * away too (a swap A<->B, or a longer cycle). Computed as the largest set of renames that is consistent.
 */
function resolveRenames(active: TrackerDefinition[], liveByName: Map<string, LiveTracker>): Map<string, LiveTracker> {
  const claims = new Map<string, LiveTracker>();
  const claimedIds = new Set<string>();
  // An apply interrupted mid-swap leaves a tracker under its temporary name; it still belongs to the rename.
  const parkedByName = new Map<string, LiveTracker>();
  for (const tracker of liveByName.values()) {
    const base = parseTemporaryName(tracker.name);
    if (base !== undefined && !parkedByName.has(base)) parkedByName.set(base, tracker);
  }
  for (const tracker of active) {
    for (const previous of tracker.previousNames) {
      // The parked tracker wins over a live one of the same name: once a swap's second step has given the
      // old name to the other tracker, the parked one is the tracker this rename is about.
      const candidate = previous !== tracker.name ? (parkedByName.get(previous) ?? liveByName.get(previous)) : undefined;
      if (candidate && !claimedIds.has(candidate.id)) {
        claims.set(tracker.name, candidate);
        claimedIds.add(candidate.id);
        break;
      }
    }
  }
  const desiredNames = new Set(active.map((tracker) => tracker.name));
  const renamers = new Set(claims.keys());
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of [...renamers]) {
      const source = claims.get(name) as LiveTracker;
      const sourceIsFree = !desiredNames.has(source.name) || renamers.has(source.name);
      const ownLive = liveByName.get(name);
      const ownNameIsFree = !ownLive || [...renamers].some((other) => claims.get(other)?.id === ownLive.id);
      if (!sourceIsFree || !ownNameIsFree) {
        renamers.delete(name);
        changed = true;
      }
    }
  }
  dropCostlyCycles(renamers, claims, active, liveByName);
  return new Map([...renamers].map((name) => [name, claims.get(name) as LiveTracker]));
}

/**
 * In a cycle (A<->B) every name stays live, so `previousNames` alone would swap again on every run. A cycle
 * is taken only when moving the ids changes fewer phrases than keeping exact names: before the swap the
 * vocabularies travel with the ids (cheap), after it the exact names already match (free), so it converges.
 */
function dropCostlyCycles(renamers: Set<string>, claims: Map<string, LiveTracker>, active: TrackerDefinition[], liveByName: Map<string, LiveTracker>): void {
  const desiredByName = new Map(active.map((tracker) => [tracker.name, tracker]));
  const claimerOf = new Map<string, string>();
  for (const name of renamers) claimerOf.set((claims.get(name) as LiveTracker).id, name);
  const seen = new Set<string>();
  for (const start of [...renamers].sort(compareText)) {
    if (seen.has(start)) continue;
    const cycle: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !cycle.includes(current)) {
      cycle.push(current);
      const ownLive = liveByName.get(current);
      current = ownLive ? claimerOf.get(ownLive.id) : undefined;
    }
    if (current !== start) continue;
    for (const name of cycle) seen.add(name);
    const cost = (pick: (name: string) => LiveTracker) =>
      cycle.reduce((sum, name) => {
        const { added, removed } = diffVocabulary(pick(name).vocabulary, (desiredByName.get(name) as TrackerDefinition).vocabulary);
        return sum + added.length + removed.length;
      }, 0);
    const renameCost = cost((name) => claims.get(name) as LiveTracker);
    const exactCost = cost((name) => liveByName.get(name) as LiveTracker);
    if (renameCost >= exactCost) for (const name of cycle) renamers.delete(name);
  }
}

/** Vocabulary is a set: order and repeats never make a change. Added keeps the repository order. */
export function diffVocabulary(current: readonly string[], desired: readonly string[]): { added: string[]; removed: string[] } {
  const currentSet = new Set(current);
  const desiredSet = new Set(desired);
  return {
    added: [...new Set(desired.filter((phrase) => !currentSet.has(phrase)))],
    removed: [...new Set(current.filter((phrase) => !desiredSet.has(phrase)))],
  };
}

const KIND_ORDER: Record<Change["kind"], number> = { rename: 0, recreate: 1, create: 2, update: 3, delete: 4 };

function sortChanges(changes: Change[]): Change[] {
  return [...changes].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.name, b.name));
}

function countKind(changes: Change[], kind: Change["kind"]): number {
  return changes.filter((change) => change.kind === kind).length;
}

function measureCapacity(active: TrackerDefinition[], liveCount: number, unmanaged: UnmanagedTracker[], summary: { create: number; delete: number }, operations: Plan["operations"]): Capacity {
  const after = [
    ...active.map((tracker) => ({ name: tracker.name, phrases: new Set(tracker.vocabulary).size })),
    ...unmanaged.map((tracker) => ({ name: tracker.name, phrases: tracker.phraseCount })),
  ];
  let largestTracker: Capacity["largestTracker"] = null;
  for (const tracker of after) {
    if (!largestTracker || tracker.phrases > largestTracker.phrases || (tracker.phrases === largestTracker.phrases && compareText(tracker.name, largestTracker.name) < 0)) {
      largestTracker = tracker;
    }
  }
  return {
    trackersAfter: liveCount + summary.create - summary.delete,
    peakTrackers: measurePeakTrackers(operations, liveCount),
    maxTrackers: MAX_TRACKERS_PER_ACCOUNT,
    largestTracker,
    maxPhrases: MAX_PHRASES_PER_TRACKER,
    largestRequestBytes: operations.reduce((largest, operation) => Math.max(largest, measureOperationBytes(operation)), 0),
    maxRequestBytes: MAX_REQUEST_BYTES,
  };
}

function checkGuards(input: { config: Config; active: TrackerDefinition[]; changes: Change[]; capacity: Capacity; managedCount: number; operations: Plan["operations"] }): GuardViolation[] {
  const { config, active, changes, capacity, managedCount, operations } = input;
  const violations: GuardViolation[] = [];
  const deletes = changes.filter((change) => change.kind === "delete").length;
  const { maxDeletes, maxDeletePercent, allowEmpty } = config.guards;

  if (active.length === 0 && !allowEmpty) {
    violations.push({
      guard: "empty-desired",
      message:
        "The repository defines no active (non-retired) trackers, which usually means a wrong --path or config. If an empty account is really wanted, set guards.allowEmpty: true in tracker-sync.yaml.",
    });
  }
  if (deletes > maxDeletes) {
    violations.push({
      guard: "max-deletes",
      message: `The plan deletes ${deletes} trackers, more than guards.maxDeletes (${maxDeletes}). Check the deletions; if they are intended, raise guards.maxDeletes in tracker-sync.yaml.`,
    });
  }
  if (managedCount >= MIN_MANAGED_FOR_PERCENT_GUARD && deletes > 0) {
    const percent = (deletes / managedCount) * 100;
    if (percent > maxDeletePercent) {
      violations.push({
        guard: "max-delete-percent",
        message: `The plan deletes ${deletes} of ${managedCount} managed trackers (${formatPercent(percent)}), more than guards.maxDeletePercent (${maxDeletePercent}%). Check the deletions; if they are intended, raise guards.maxDeletePercent in tracker-sync.yaml.`,
      });
    }
  }
  if (capacity.trackersAfter > MAX_TRACKERS_PER_ACCOUNT || capacity.peakTrackers > MAX_TRACKERS_PER_ACCOUNT) {
    violations.push({
      guard: "tracker-limit",
      message: `The account would hold ${capacity.trackersAfter} trackers after apply; Symbl allows ${MAX_TRACKERS_PER_ACCOUNT}. Retire or merge ${capacity.trackersAfter - MAX_TRACKERS_PER_ACCOUNT} trackers first.`,
    });
  }
  const overfull = active.filter((tracker) => new Set(tracker.vocabulary).size > MAX_PHRASES_PER_TRACKER);
  for (const tracker of overfull) {
    violations.push({
      guard: "phrase-limit",
      message: `Tracker "${tracker.name}" (${tracker.source.file}:${tracker.source.name.line}) has ${new Set(tracker.vocabulary).size} phrases; Symbl allows ${MAX_PHRASES_PER_TRACKER}. Split it into several trackers.`,
    });
  }
  for (const operation of operations) {
    const bytes = measureOperationBytes(operation);
    if (bytes <= MAX_REQUEST_BYTES) continue;
    const name = operation.op === "bulk-create" ? operation.body.map((item) => item.name).join(", ") : operation.op === "put" || operation.op === "create" ? operation.body.name : operation.name;
    violations.push({
      guard: "request-size",
      message: `The request for tracker "${name}" would be ${bytes} bytes; Symbl accepts at most ${MAX_REQUEST_BYTES} bytes (1 MB). Split its vocabulary across several trackers.`,
    });
  }
  return violations;
}

function formatPercent(percent: number): string {
  return `${Math.round(percent * 10) / 10}%`;
}
