import type { Finding } from "../model/finding.js";
import { MAX_TRACKERS_PER_ACCOUNT } from "../model/limits.js";
import type { SourceLocation, TrackerDefinition } from "../model/tracker.js";
import { normalizePhrase } from "./normalize-phrase.js";
import { RULES } from "./rules.js";

const MAX_RELATED = 5;

/** What the cross-tracker rules need of a tracker; YAML nodes are not kept, so memory stays flat. */
export interface AccountEntry {
  definition: TrackerDefinition;
  /** normalizePhrase of each phrase (empty for retired trackers). */
  normalized: string[];
  previousNameLocations: SourceLocation[];
}

/** Rules across trackers. Every check groups through a hash map, so the work grows linearly with the account. */
export function checkAccount(trackers: readonly AccountEntry[]): Finding[] {
  return [...checkNames(trackers), ...checkPreviousNames(trackers), ...checkSharedPhrases(trackers), ...checkTrackerCount(trackers)];
}

function checkNames(trackers: readonly AccountEntry[]): Finding[] {
  const findings: Finding[] = [];
  const byName = groupBy(trackers, (tracker) => tracker.definition.name);
  for (const [name, group] of byName) {
    if (group.length < 2 || name.trim() === "") continue;
    for (const tracker of group) {
      const others = pickOthers(group, (other) => other !== tracker);
      findings.push({
        rule: "name-duplicate",
        severity: RULES["name-duplicate"].severity,
        message: `Tracker name '${name}' is also defined at ${formatLocation(others[0]!.definition.source.name)}. Names are unique in a Symbl account: rename or merge one of them.`,
        ...tracker.definition.source.name,
        pointer: "/name",
        related: relate(
          others.map((other) => other.definition.source.name),
          "also defined here",
        ),
      });
    }
  }
  const byFoldedName = groupBy(trackers, (tracker) => tracker.definition.name.toLowerCase());
  for (const group of byFoldedName.values()) {
    const distinct = new Set(group.map((tracker) => tracker.definition.name));
    if (distinct.size < 2) continue;
    for (const tracker of group) {
      const others = pickOthers(group, (other) => other.definition.name !== tracker.definition.name);
      findings.push({
        rule: "name-case-conflict",
        severity: RULES["name-case-conflict"].severity,
        message: `Tracker name '${tracker.definition.name}' differs only in case from '${others[0]!.definition.name}' (${formatLocation(others[0]!.definition.source.name)}). Symbl treats them as two trackers; people will confuse them. Pick one spelling.`,
        ...tracker.definition.source.name,
        pointer: "/name",
        related: relate(
          others.map((other) => other.definition.source.name),
          "similar name here",
        ),
      });
    }
  }
  return findings;
}

function checkPreviousNames(trackers: readonly AccountEntry[]): Finding[] {
  const findings: Finding[] = [];
  const byName = groupBy(trackers, (tracker) => tracker.definition.name);
  const claims = new Map<string, Array<{ tracker: AccountEntry; index: number }>>();
  for (const tracker of trackers) {
    tracker.definition.previousNames.forEach((previous, index) => {
      const list = claims.get(previous);
      if (list) list.push({ tracker, index });
      else claims.set(previous, [{ tracker, index }]);
    });
  }
  for (const [previous, list] of claims) {
    for (const { tracker, index } of list) {
      const location = tracker.previousNameLocations[index]!;
      const pointer = `/previousNames/${index}`;
      const base = { rule: "previous-name-conflict", severity: RULES["previous-name-conflict"].severity, ...location, pointer };
      if (previous === tracker.definition.name) {
        findings.push({ ...base, message: `Previous name '${previous}' is this tracker's own name. Remove it from previousNames.` });
        continue;
      }
      const owner = byName.get(previous)?.[0];
      // A swap (A<->B), cycle or chain is fine: the tracker holding that name renames itself away too,
      // and the planner orders the PUTs (through a temporary name when needed).
      if (owner && owner.definition.previousNames.length === 0) {
        findings.push({
          ...base,
          message: `Previous name '${previous}' is the name of another tracker (${formatLocation(owner.definition.source.name)}). A rename cannot take a name that still exists; remove it from previousNames, or give the other tracker previousNames too if the two swap names.`,
          related: relate([owner.definition.source.name], "tracker with that name"),
        });
        continue;
      }
      const rivals = pickOthers(list, (claim) => claim.tracker !== tracker);
      if (rivals.length > 0) {
        const rivalLocations = rivals.map((claim) => claim.tracker.previousNameLocations[claim.index]!);
        findings.push({
          ...base,
          message: `Previous name '${previous}' is also claimed by tracker '${rivals[0]!.tracker.definition.name}' (${formatLocation(rivalLocations[0]!)}). Only one tracker can be renamed from it; remove it from the other.`,
          related: relate(rivalLocations, "also claimed here"),
        });
      }
    }
  }
  return findings;
}

function checkSharedPhrases(trackers: readonly AccountEntry[]): Finding[] {
  const findings: Finding[] = [];
  // Occurrences are numbered into two flat arrays; only phrases seen in two trackers get a list.
  const entryTracker: number[] = [];
  const entryPhrase: number[] = [];
  const firstEntry = new Map<string, number>();
  const shared = new Map<string, number[]>();
  trackers.forEach((tracker, trackerIndex) => {
    if (tracker.definition.retired) return;
    tracker.definition.vocabulary.forEach((phrase, index) => {
      const normal = tracker.normalized[index] ?? normalizePhrase(phrase);
      if (normal === "") return;
      const first = firstEntry.get(normal);
      if (first === undefined) {
        firstEntry.set(normal, entryTracker.length);
        entryTracker.push(trackerIndex);
        entryPhrase.push(index);
        return;
      }
      const list = shared.get(normal) ?? [first];
      // Repeats inside one tracker are the duplicate rules' business, not this one's.
      if (entryTracker[list[list.length - 1]!] === trackerIndex) return;
      list.push(entryTracker.length);
      entryTracker.push(trackerIndex);
      entryPhrase.push(index);
      shared.set(normal, list);
    });
  });
  const locate = (entry: number): SourceLocation => trackers[entryTracker[entry]!]!.definition.source.phrases[entryPhrase[entry]!]!;
  for (const list of shared.values()) {
    for (const entry of list) {
      const tracker = trackers[entryTracker[entry]!]!.definition;
      const index = entryPhrase[entry]!;
      const others = pickOthers(list, (other) => other !== entry);
      const first = others[0]!;
      const more = list.length - 2;
      findings.push({
        rule: "phrase-shared",
        severity: RULES["phrase-shared"].severity,
        message: `Phrase '${tracker.vocabulary[index]}' is also in tracker '${trackers[entryTracker[first]!]!.definition.name}' (${formatLocation(locate(first))})${more > 0 ? ` and ${more} more` : ""}. Both trackers will fire on it; keep it in the one it belongs to.`,
        ...tracker.source.phrases[index]!,
        pointer: `/vocabulary/${index}`,
        related: relate(others.map(locate), "also here"),
      });
    }
  }
  return findings;
}

function checkTrackerCount(trackers: readonly AccountEntry[]): Finding[] {
  const active = trackers.filter((tracker) => !tracker.definition.retired);
  if (active.length <= MAX_TRACKERS_PER_ACCOUNT) return [];
  const first = active[MAX_TRACKERS_PER_ACCOUNT]!;
  return [
    {
      rule: "account-tracker-limit",
      severity: RULES["account-tracker-limit"].severity,
      message: `There are ${active.length} active trackers; a Symbl account holds at most ${MAX_TRACKERS_PER_ACCOUNT}. This is tracker ${MAX_TRACKERS_PER_ACCOUNT + 1}: retire or merge ${active.length - MAX_TRACKERS_PER_ACCOUNT}.`,
      ...first.definition.source.name,
      pointer: "/name",
    },
  ];
}

/** At most MAX_RELATED items, so a phrase shared by every tracker costs linear, not quadratic, work. */
function pickOthers<T>(items: readonly T[], keep: (item: T) => boolean): T[] {
  const picked: T[] = [];
  for (const item of items) {
    if (picked.length === MAX_RELATED) break;
    if (keep(item)) picked.push(item);
  }
  return picked;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function relate(locations: SourceLocation[], message: string): Array<SourceLocation & { message: string }> {
  return locations.slice(0, MAX_RELATED).map((location) => ({ file: location.file, line: location.line, column: location.column, message }));
}

function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}
