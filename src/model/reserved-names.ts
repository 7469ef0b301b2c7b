/**
 * Tracker names tracker-sync uses for itself in the account. A definition may not take them: a tracker
 * named like a temporary swap name would be read back as a half-finished rename of another tracker, and
 * one named like the apply lock would block every apply (or be deleted by unlock).
 */

/** The name a renamed tracker parks under during a swap (A<->B): `<original> tracker-sync tmp <8 hex>[ n]`. */
export const TEMPORARY_NAME = /^(.*) tracker-sync tmp [0-9a-f]{8}(?: \d+)?$/;

/** Anything that could be mistaken for a temporary name, whatever its suffix or case. */
const LOOKS_TEMPORARY = /tracker-sync\s+tmp/i;

/** The tracker that holds the apply lock; never managed, pruned or counted by a plan. */
export const LOCK_TRACKER_NAME = "tracker-sync.lock";

/** Why a definition may not use this name, or undefined when it may. */
export function describeReservedName(name: string): string | undefined {
  if (name.trim().toLowerCase() === LOCK_TRACKER_NAME) return `'${LOCK_TRACKER_NAME}' is the tracker that holds tracker-sync's apply lock`;
  if (LOOKS_TEMPORARY.test(name)) return "it looks like the temporary name tracker-sync gives a tracker in the middle of a rename swap ('<name> tracker-sync tmp <hex>')";
  return undefined;
}
