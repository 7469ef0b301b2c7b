import type { Change, Plan, PlanSummary } from "../model/plan.js";
import { formatSettingValue } from "../plan/guarded-settings.js";
import { pairPhraseEdits } from "./phrase-edits.js";

/** Shared wording for the plan renderers, so text, Markdown and the Action say the same thing. */
export function describeSummary(summary: PlanSummary): string {
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    `${summary.rename} to rename`,
    `${summary.delete} to delete`,
  ];
  return `${parts.join(", ")} (${summary.unchanged} unchanged, ${summary.unmanaged} unmanaged)`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  const megabytes = bytes / 1024 / 1024;
  return Number.isInteger(megabytes) ? `${megabytes} MB` : `${megabytes.toFixed(2)} MB`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function describeCallCount(plan: Plan): string {
  const counts = { "bulk-create": 0, put: 0, delete: 0 };
  for (const operation of plan.operations) counts[operation.op]++;
  const parts: string[] = [];
  if (counts["bulk-create"] > 0) parts.push(plural(counts["bulk-create"], "bulk create"));
  if (counts.put > 0) parts.push(plural(counts.put, "PUT"));
  if (counts.delete > 0) parts.push(plural(counts.delete, "DELETE"));
  return `${plural(plan.operations.length, "API write")}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

export function describeChangeHeading(change: Change): string {
  switch (change.kind) {
    case "create":
      return `create "${change.name}" (${plural(change.vocabulary.length, "phrase")})`;
    case "update":
      return `update "${change.name}" (+${change.added.length} -${change.removed.length})`;
    case "rename":
      return `rename "${change.from}" -> "${change.name}" (id ${change.id}, +${change.added.length} -${change.removed.length})`;
    case "delete":
      return `delete "${change.name}" (${change.reason === "retired" ? "retired in the repository" : "pruned: not in the repository"}, id ${change.id})`;
  }
}

/**
 * One line per phrase: `+ added`, `- removed`, and `~ refund my [-order-]{+orders+}` for a removed and an
 * added phrase that are edits of each other; creates and deletes list every phrase.
 */
export function listPhraseLines(change: Change): Array<{ sign: "+" | "-" | "~"; phrase: string }> {
  switch (change.kind) {
    case "create":
      return change.vocabulary.map((phrase) => ({ sign: "+", phrase }));
    case "delete":
      return change.vocabulary.map((phrase) => ({ sign: "-", phrase }));
    default: {
      const paired = pairPhraseEdits(change.removed, change.added);
      return [
        ...paired.edits.map((edit) => ({ sign: "~" as const, phrase: edit.words })),
        ...paired.added.map((phrase) => ({ sign: "+" as const, phrase })),
        ...paired.removed.map((phrase) => ({ sign: "-" as const, phrase })),
      ];
    }
  }
}

export function countUnchangedPhrases(change: Change): number {
  if (change.kind !== "update" && change.kind !== "rename") return 0;
  return new Set(change.vocabulary).size - change.added.length;
}

export function describeCapacity(plan: Plan): string[] {
  const { capacity } = plan;
  const largest = capacity.largestTracker;
  return [
    `trackers after apply ${capacity.trackersAfter}/${capacity.maxTrackers}`,
    `largest tracker ${largest ? `"${largest.name}" ${largest.phrases}/${capacity.maxPhrases} phrases` : `none/${capacity.maxPhrases} phrases`}`,
    `largest request ${formatBytes(capacity.largestRequestBytes)}/${formatBytes(capacity.maxRequestBytes)}`,
  ];
}

/**
 * What an offline plan cannot see, one sentence each: every tombstone's possible delete, prune's reach and
 * every guarded setting the pull request changes. Empty for live plans. `escape` makes the untrusted parts
 * (names, prefix, setting values from the pull request) safe for where the sentence goes.
 */
export function listOfflineScope(plan: Plan, escape: (text: string) => string = (text) => text): string[] {
  const scope = plan.offlineScope;
  if (!scope) return [];
  const lines = scope.retiredNames.map((name) => `deletes the live tracker "${escape(name)}" if it exists (retired in the repository)`);
  if (plan.options.prune) {
    const owned = plan.options.ownershipPrefix !== undefined ? `whose name starts with "${escape(plan.options.ownershipPrefix)}" ` : "";
    lines.push(`prune is on: deletes every live tracker ${owned}that is not defined in the repository`);
  }
  for (const change of scope.settingChanges) {
    lines.push(`changes the setting ${escape(change.setting)} from ${escape(formatSettingValue(change.before))} to ${escape(formatSettingValue(change.after))}`);
  }
  return lines;
}

/** The no-changes sentence: only a live plan may say that the account matches. */
export function describeNoChanges(plan: Plan): string {
  if (plan.mode === "offline") {
    return `No tracker changes between the base branch and this branch (${plural(plan.summary.unchanged, "tracker")} unchanged). This plan did not read the account.`;
  }
  return `No changes. The account matches the repository (${plural(plan.summary.unchanged, "tracker")} unchanged, ${plan.summary.unmanaged} unmanaged).`;
}
