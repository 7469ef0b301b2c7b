import type { Change, Plan } from "../model/plan.js";
import { canonicalJson } from "./fingerprint.js";

/**
 * Why a freshly built plan differs from the one that was reviewed, as sentences for the refusal message.
 * Empty when they are the same plan.
 */
export function describePlanDrift(reviewed: Plan, current: Plan): string[] {
  // Two accounts can hold the same trackers; a plan reviewed against one never applies to another.
  const targetChanged =
    reviewed.target !== undefined && current.target !== undefined && reviewed.target.apiUrl !== current.target.apiUrl
      ? [`The plan was made against ${reviewed.target.apiUrl}, but this apply targets ${current.target.apiUrl}.`]
      : [];
  if (reviewed.fingerprint === current.fingerprint) return targetChanged;
  const reasons: string[] = [...targetChanged];
  if (reviewed.liveFingerprint !== current.liveFingerprint) reasons.push("The live account changed since the plan was reviewed.");
  if (reviewed.desiredFingerprint !== current.desiredFingerprint) {
    reasons.push("The tracker definitions (or the prune, ownership or guard settings) changed since the plan was reviewed.");
  }
  const before = new Map(reviewed.changes.map((change) => [keyOf(change), change]));
  const after = new Map(current.changes.map((change) => [keyOf(change), change]));
  for (const [key, change] of before) {
    const now = after.get(key);
    if (!now) reasons.push(`No longer planned: ${describe(change)}.`);
    else if (canonicalJson(withoutSource(now)) !== canonicalJson(withoutSource(change))) reasons.push(`Changed: ${describe(change)} is now ${describe(now)}.`);
  }
  for (const [key, change] of after) if (!before.has(key)) reasons.push(`Newly planned: ${describe(change)}.`);
  const unmanagedBefore = new Set(reviewed.unmanaged.map((tracker) => `${tracker.id} ${tracker.name}`));
  const unmanagedAfter = new Set(current.unmanaged.map((tracker) => `${tracker.id} ${tracker.name}`));
  for (const tracker of current.unmanaged) if (!unmanagedBefore.has(`${tracker.id} ${tracker.name}`)) reasons.push(`New unmanaged tracker in the account: ${quote(tracker.name)}.`);
  for (const tracker of reviewed.unmanaged) if (!unmanagedAfter.has(`${tracker.id} ${tracker.name}`)) reasons.push(`Unmanaged tracker ${quote(tracker.name)} is gone or changed.`);
  if (reasons.length === 1 && reviewed.liveFingerprint !== current.liveFingerprint) {
    reasons.push("The difference is in trackers the plan leaves unchanged (a phrase order or an id).");
  }
  return reasons;
}

function keyOf(change: Change): string {
  return `${change.kind}\u0000${change.name}`;
}

function withoutSource(change: Change): unknown {
  const { source: _source, ...rest } = change;
  return rest;
}

function describe(change: Change): string {
  switch (change.kind) {
    case "create":
      return `create ${quote(change.name)} with ${change.vocabulary.length} phrases`;
    case "update":
      return `update ${quote(change.name)} (+${change.added.length} -${change.removed.length}, id ${inline(change.id)})`;
    case "rename":
      return `rename ${quote(change.from)} to ${quote(change.name)} (+${change.added.length} -${change.removed.length}, id ${inline(change.id)})`;
    case "recreate":
      return `recreate ${quote(change.name)} (+${change.added.length} -${change.removed.length}, old id ${inline(change.id)})`;
    case "delete":
      return `delete ${quote(change.name)} (id ${inline(change.id)}, ${change.reason})`;
  }
}

/**
 * Names and ids here come from definitions and the live account. These reasons are joined with line breaks
 * and then escaped line by line for the terminal or Markdown, so a line break inside a name must never
 * survive: JSON quoting turns it (and every other control character) into a visible escape.
 */
function quote(text: string): string {
  return JSON.stringify(text);
}

function inline(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
