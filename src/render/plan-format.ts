import { escapeTerminalText } from "../escape/terminal-text.js";
import type { Change, Plan, PlanSummary } from "../model/plan.js";
import { formatSettingValue } from "../plan/guarded-settings.js";
import { pairPhraseEdits } from "./phrase-edits.js";

/** How a renderer makes untrusted text (names, ids) safe for where it goes. */
export type EscapeText = (text: string) => string;

/** Shared wording for the plan renderers, so text, Markdown and the Action say the same thing. */
export function describeSummary(summary: PlanSummary): string {
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    `${summary.rename} to rename`,
    ...(summary.recreate > 0 ? [`${summary.recreate} to recreate (new id)`] : []),
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
  const counts = { "bulk-create": 0, put: 0, delete: 0, create: 0, patch: 0 };
  for (const operation of plan.operations) counts[operation.op]++;
  const parts: string[] = [];
  if (counts["bulk-create"] > 0) parts.push(plural(counts["bulk-create"], "bulk create"));
  if (counts.create > 0) parts.push(plural(counts.create, "create"));
  if (counts.put > 0) parts.push(plural(counts.put, "PUT"));
  if (counts.patch > 0) parts.push(plural(counts.patch, "PATCH", "PATCHes"));
  if (counts.delete > 0) parts.push(plural(counts.delete, "DELETE"));
  return `${plural(plan.operations.length, "API write")}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

export function describeChangeHeading(change: Change, escapeText: EscapeText = escapeTerminalText): string {
  const name = escapeText(change.name);
  switch (change.kind) {
    case "create":
      return `create "${name}" (${plural(change.vocabulary.length, "phrase")})`;
    case "update":
      return `update "${name}" (+${change.added.length} -${change.removed.length})`;
    case "rename":
      return `rename "${escapeText(change.from)}" -> "${name}" (id ${escapeText(change.id)}, +${change.added.length} -${change.removed.length})`;
    case "recreate":
      return `recreate ${change.from !== undefined ? `"${escapeText(change.from)}" -> "${name}"` : `"${name}"`} (delete id ${escapeText(change.id)}, create with a new id; +${change.added.length} -${change.removed.length})`;
    case "delete":
      return `delete "${name}" (${change.reason === "retired" ? "retired in the repository" : "pruned: not in the repository"}, id ${escapeText(change.id)})`;
  }
}

/** Why a change is a recreate, for every renderer: the account appends on PUT, so removals need a new tracker. */
export function describeRecreateReason(change: Extract<Change, { kind: "recreate" }>): string {
  return `putBehavior is append, so a PUT cannot remove ${plural(change.removed.length, "phrase")}; the tracker is deleted and created again and its id ${change.id} changes. Update Async API calls that pass trackers: [{"id": "${change.id}"}] after apply (the apply result lists the new id).`;
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
  if (change.kind !== "update" && change.kind !== "rename" && change.kind !== "recreate") return 0;
  return new Set(change.vocabulary).size - change.added.length;
}

export function describeCapacity(plan: Plan, escapeText: EscapeText = escapeTerminalText): string[] {
  const { capacity } = plan;
  const largest = capacity.largestTracker;
  return [
    `trackers after apply ${capacity.trackersAfter}/${capacity.maxTrackers}`,
    ...(capacity.peakTrackers > capacity.trackersAfter ? [`at most ${capacity.peakTrackers}/${capacity.maxTrackers} during apply`] : []),
    `largest tracker ${largest ? `"${escapeText(largest.name)}" ${largest.phrases}/${capacity.maxPhrases} phrases` : `none/${capacity.maxPhrases} phrases`}`,
    `largest request ${formatBytes(capacity.largestRequestBytes)}/${formatBytes(capacity.maxRequestBytes)}`,
  ];
}

/**
 * What an offline plan cannot see, one sentence each: every tombstone's possible delete, prune's reach and
 * every guarded setting the pull request changes. Empty for live plans. `escapeText` makes the untrusted parts
 * (names, prefix, setting values from the pull request) safe for where the sentence goes.
 */
export function listOfflineScope(plan: Plan, escapeText: EscapeText = escapeTerminalText): string[] {
  const scope = plan.offlineScope;
  if (!scope) return [];
  const lines = scope.retiredNames.map((name) => `deletes the live tracker "${escapeText(name)}" if it exists (retired in the repository)`);
  if (plan.options.prune) {
    const owned = plan.options.ownershipPrefix !== undefined ? `whose name starts with "${escapeText(plan.options.ownershipPrefix)}" ` : "";
    lines.push(`prune is on: deletes every live tracker ${owned}that is not defined in the repository`);
  }
  for (const change of scope.settingChanges) {
    lines.push(`changes the setting ${escapeText(change.setting)} from ${escapeText(formatSettingValue(change.before))} to ${escapeText(formatSettingValue(change.after))}`);
  }
  return lines;
}

/**
 * Generation 2: one line per field change, in the same +/- form as phrases. Descriptions are quoted as
 * JSON strings, so a line break or control character in one can never forge another line of the plan.
 */
export function listFieldLines(change: Change): Array<{ sign: "+" | "-"; text: string }> {
  const lines: Array<{ sign: "+" | "-"; text: string }> = [];
  if (change.kind === "create" && change.gen2) {
    if (change.gen2.description !== undefined) lines.push({ sign: "+", text: `description: ${JSON.stringify(change.gen2.description)}` });
    for (const category of change.gen2.categories) lines.push({ sign: "+", text: `category: ${JSON.stringify(category)}` });
    for (const language of change.gen2.languages) lines.push({ sign: "+", text: `language: ${JSON.stringify(language)}` });
    return lines;
  }
  if (change.kind !== "update" && change.kind !== "rename") return lines;
  for (const field of change.fields ?? []) {
    if (field.field === "description") {
      if (field.from !== "") lines.push({ sign: "-", text: `description: ${JSON.stringify(field.from)}` });
      if (field.to !== "") lines.push({ sign: "+", text: `description: ${JSON.stringify(field.to)}` });
      continue;
    }
    const label = field.field === "categories" ? "category" : "language";
    for (const value of field.added) lines.push({ sign: "+", text: `${label}: ${JSON.stringify(value)}` });
    for (const value of field.removed) lines.push({ sign: "-", text: `${label}: ${JSON.stringify(value)}` });
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

/** " [Symbl-managed]" for a generation-2 tracker that Symbl pre-added. */
export function describeUnmanagedMarker(tracker: { symblManaged?: true }): string {
  return tracker.symblManaged ? " [Symbl-managed]" : "";
}
