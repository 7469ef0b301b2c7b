import type { PutBehavior, UnreadableTracker } from "../contract/trackers-contract.js";
import type { Gen2CreateBody, Gen2PatchOperation } from "../contract/trackers-gen2.js";
import type { LiveTracker, TrackerInput } from "./tracker.js";

export const PLAN_FORMAT_VERSION = 2;

/** Where a change came from in the repository, for annotations and links. */
export interface ChangeSource {
  file: string;
  line: number;
}

/** Generation 2 only: a change to a field other than name and vocabulary. */
export type FieldChange = { field: "description"; from: string; to: string } | { field: "categories" | "languages"; added: string[]; removed: string[] };

/** Generation 2 only: the fields a create sends besides name and vocabulary. */
export interface Gen2CreateFields {
  description?: string;
  categories: string[];
  languages: string[];
}

export type Change =
  | { kind: "create"; name: string; vocabulary: string[]; source?: ChangeSource; gen2?: Gen2CreateFields }
  | {
      kind: "update";
      id: string;
      name: string;
      added: string[];
      removed: string[];
      vocabulary: string[];
      previousVocabulary: string[];
      source?: ChangeSource;
      /** Generation 2 only. */
      fields?: FieldChange[];
    }
  | {
      kind: "rename";
      id: string;
      from: string;
      name: string;
      added: string[];
      removed: string[];
      vocabulary: string[];
      previousVocabulary: string[];
      source?: ChangeSource;
      /** Generation 2 only. */
      fields?: FieldChange[];
    }
  | {
      /**
       * Under `putBehavior: append` a PUT cannot remove phrases, so a change that removes any deletes the
       * tracker and creates it again: same name (or the new one when `from` is set), new id. `id` is the old id.
       */
      kind: "recreate";
      id: string;
      /** Set when the name changes too (a rename that removes phrases). */
      from?: string;
      name: string;
      added: string[];
      removed: string[];
      vocabulary: string[];
      previousVocabulary: string[];
      source?: ChangeSource;
    }
  | {
      kind: "delete";
      id: string;
      name: string;
      vocabulary: string[];
      reason: "retired" | "pruned";
      source?: ChangeSource;
    };

export type ChangeKind = Change["kind"];

/**
 * One API call, in the order apply sends them. Apply executes exactly this list; the plan computes it so
 * the reviewed plan shows the real call count.
 */
export type Operation =
  | { op: "put"; id: string; body: LiveTracker; purpose: "temporary-rename" | "rename" | "update" }
  | { op: "bulk-create"; body: TrackerInput[]; bytes: number }
  /** `purpose: "recreate"` marks the first half of a recreate; its create is in a bulk-create. */
  | { op: "delete"; id: string; name: string; purpose?: "recreate" }
  /** Generation 2: PATCH /v1/manage/trackers/{id} with exactly this body; the id never changes. */
  | { op: "patch"; id: string; name: string; body: Gen2PatchOperation[]; purpose: "temporary-rename" | "rename" | "update"; bytes: number }
  /** Generation 2: POST /v1/manage/trackers with one tracker object. */
  | { op: "create"; body: Gen2CreateBody; bytes: number };

export interface UnmanagedTracker {
  id: string;
  name: string;
  phraseCount: number;
  /** Generation 2: pre-added by Symbl ("managed tracker"); never changed or pruned. */
  symblManaged?: true;
}

export interface GuardViolation {
  guard: "max-deletes" | "max-delete-percent" | "empty-desired" | "tracker-limit" | "phrase-limit" | "request-size" | "unreadable-tracker" | "symbl-managed";
  message: string;
}

export interface Capacity {
  trackersAfter: number;
  /** The most trackers the account holds at any point during apply, in operation order. */
  peakTrackers: number;
  maxTrackers: number;
  largestTracker: { name: string; phrases: number } | null;
  maxPhrases: number;
  largestRequestBytes: number;
  maxRequestBytes: number;
}

export interface PlanSummary {
  create: number;
  update: number;
  rename: number;
  recreate: number;
  delete: number;
  unchanged: number;
  unmanaged: number;
}

/** The account a live plan was made against; credentials are only ever sent to this API. */
export interface PlanTarget {
  /** Base URL of the Symbl API that was read (scheme, host, port; no trailing slash). */
  apiUrl: string;
}

/** The whole plan: a plain, serialisable value. Renderers and apply are functions of it. */
export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** "live": against the account; "offline": between two sets of definitions (fork pull requests). */
  mode: "live" | "offline";
  /** The environment (tracker-sync.yaml `environments:`) this plan is for; absent without environments. */
  environment?: string;
  /** Live plans: where the live state came from and where apply will write. Absent offline (nothing was read). */
  target?: PlanTarget;
  /** sha256 over liveFingerprint and desiredFingerprint. */
  fingerprint: string;
  liveFingerprint: string;
  desiredFingerprint: string;
  /** `apiGeneration` is present only for generation 2, so generation-1 plans keep their exact shape. */
  options: { prune: boolean; ownershipPrefix?: string; putBehavior: PutBehavior; apiGeneration?: 2 };
  changes: Change[];
  operations: Operation[];
  unmanaged: UnmanagedTracker[];
  /** Live trackers the API returned without a usable name or vocabulary: never touched, listed by id. */
  unreadable?: UnreadableTracker[];
  summary: PlanSummary;
  capacity: Capacity;
  /** Non-empty means apply is refused (exit 3). */
  violations: GuardViolation[];
  /** Present when sample conversations exist: detections gained and lost per tracker. */
  matchImpact?: MatchImpact;
  /** Offline plans only: what apply may do on merge that comparing definitions cannot show. */
  offlineScope?: OfflineScope;
}

/** A setting's value as the plan shows it; null when the setting is not set. */
export type SettingValue = string | number | boolean | string[] | null;

/** A setting that decides what apply may touch (prune, ownership.*, guards.*, paths), changed by the pull request. */
export interface SettingChange {
  setting: string;
  before: SettingValue;
  after: SettingValue;
}

/**
 * An offline plan compares two sets of definitions and never reads the account, so it cannot know what a
 * tombstone or a loosened setting will delete. It names them instead, and apply holds the live plan to them.
 */
export interface OfflineScope {
  /** Every tombstone (`retired: true`): apply deletes the live tracker of this name if it exists. */
  retiredNames: string[];
  /** Changes to prune, ownership, guards and paths between the base branch's config and this branch's. */
  settingChanges: SettingChange[];
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.length > 0;
}

/** Changes, or (offline) a tombstone or a guarded setting change whose effect on the account the plan could not see. */
export function mayChangeAccount(plan: Plan): boolean {
  const scope = plan.offlineScope;
  return hasChanges(plan) || (scope !== undefined && (scope.retiredNames.length > 0 || scope.settingChanges.length > 0));
}

export type OutcomeStatus = "applied" | "failed" | "skipped";

export interface ChangeOutcome {
  kind: ChangeKind;
  name: string;
  id?: string;
  status: OutcomeStatus;
  /** Why it failed or was skipped, as a sentence. */
  reason?: string;
}

export interface IdChange {
  name: string;
  oldId: string;
  newId: string;
}

export const APPLY_RESULT_FORMAT_VERSION = 1;

export interface ApplyResult {
  formatVersion: typeof APPLY_RESULT_FORMAT_VERSION;
  fingerprint: string;
  outcomes: ChangeOutcome[];
  /** Old id -> new id of every tracker the plan recreated; Async API calls passing `trackers: [{id}]` need them. */
  idChanges: IdChange[];
  /** PUTs whose removed phrases stayed live: the account appends on PUT although putBehavior is replace. */
  mergedOnPut: Array<{ name: string; id: string; unexpected: string[] }>;
  /** True when a re-list after apply matched the desired state. */
  verified: boolean;
  apiCalls: number;
}

export function countOutcomes(result: ApplyResult, status: OutcomeStatus): number {
  return result.outcomes.filter((outcome) => outcome.status === status).length;
}

/** What a change does to detections in the sample conversations (see `conversations/`). */
export interface TrackerMatchImpact {
  name: string;
  /** Message matches after the change that the base definitions did not have. */
  gained: number;
  lost: number;
  /** A few example message texts, for the reader. */
  examplesGained: string[];
  examplesLost: string[];
}

export interface MatchImpact {
  conversations: number;
  messages: number;
  trackers: TrackerMatchImpact[];
}
