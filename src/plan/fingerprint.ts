import { createHash } from "node:crypto";
import type { LiveTracker, TrackerDefinition } from "../model/tracker.js";

/** JSON with object keys sorted, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

/** The live state as the planner saw it. Phrase order is irrelevant (vocabulary is a set); ids matter. */
export function fingerprintLive(live: readonly LiveTracker[], unreadable: readonly { id: string; name?: string; problem: string }[] = []): string {
  const normalised = [...live]
    .map((tracker) => ({ id: tracker.id, name: tracker.name, vocabulary: sortedUnique(tracker.vocabulary) }))
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  // Only when present, so a plan of a fully readable account keeps the same fingerprint as before.
  if (unreadable.length === 0) return sha256(canonicalJson(normalised));
  const broken = [...unreadable].map((tracker) => ({ id: tracker.id, name: tracker.name, problem: tracker.problem })).sort((a, b) => compareText(a.id, b.id));
  return sha256(canonicalJson({ trackers: normalised, unreadable: broken }));
}

/** The desired state plus the options that change the plan; sources (files, lines) do not count. */
export function fingerprintDesired(desired: readonly TrackerDefinition[], options: { prune: boolean; ownershipPrefix?: string; guards: unknown; environment?: string }): string {
  const normalised = [...desired]
    .map((tracker) => ({
      name: tracker.name,
      vocabulary: sortedUnique(tracker.vocabulary),
      previousNames: sortedUnique(tracker.previousNames),
      retired: tracker.retired,
    }))
    .sort((a, b) => compareText(a.name, b.name) || Number(a.retired) - Number(b.retired));
  return sha256(canonicalJson({ trackers: normalised, options }));
}

export function combineFingerprints(liveFingerprint: string, desiredFingerprint: string): string {
  return sha256(`${liveFingerprint}\n${desiredFingerprint}`);
}
