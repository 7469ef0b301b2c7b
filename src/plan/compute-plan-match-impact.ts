import type { Conversation } from "../match/conversation.js";
import { computeMatchImpact } from "../match/match-impact.js";
import type { MatchImpact, Plan } from "../model/plan.js";
import type { LiveTracker, TrackerDefinition, TrackerInput } from "../model/tracker.js";

/**
 * Detections gained and lost in the sample conversations if the plan is applied. "Before" is the current
 * side of the plan (the live account, or the base definitions offline) with renames already applied, so a
 * renamed tracker shows its phrase changes rather than a loss under the old name and a gain under the new.
 * Unmanaged trackers are left out: the plan never changes them.
 */
export function computePlanMatchImpact(input: { plan: Plan; live: LiveTracker[]; desired: TrackerDefinition[]; conversations: Conversation[] }): MatchImpact | undefined {
  if (input.conversations.length === 0 || input.plan.changes.length === 0) return undefined;
  const unmanaged = new Set(input.plan.unmanaged.map((tracker) => tracker.id));
  const renamedTo = new Map<string, string>();
  // A recreate keeps the tracker's meaning under its (new) name, so it compares like a rename, not a loss and a gain.
  for (const change of input.plan.changes) if (change.kind === "rename" || change.kind === "recreate") renamedTo.set(change.id, change.name);
  const before: TrackerInput[] = input.live
    .filter((tracker) => !unmanaged.has(tracker.id))
    .map((tracker) => ({ name: renamedTo.get(tracker.id) ?? tracker.name, vocabulary: tracker.vocabulary }));
  const after: TrackerInput[] = input.desired.filter((tracker) => !tracker.retired).map((tracker) => ({ name: tracker.name, vocabulary: tracker.vocabulary }));
  return computeMatchImpact({ before, after, conversations: input.conversations });
}
