import { escapeTerminalText as safe } from "../escape/terminal-text.js";
import type { ApplyResult } from "../model/plan.js";

/** What an interrupted apply did and did not do, and how to finish. Pure. */
export function renderInterruptedApplyText(result: ApplyResult, signal: string): string {
  const describe = (outcome: ApplyResult["outcomes"][number]) => `    ${outcome.kind} "${safe(outcome.name)}"${outcome.id ? ` (id ${safe(outcome.id)})` : ""}`;
  const applied = result.outcomes.filter((outcome) => outcome.status === "applied");
  const failed = result.outcomes.filter((outcome) => outcome.status === "failed");
  const notApplied = result.outcomes.filter((outcome) => outcome.status !== "applied");
  const lines = [
    `Apply was interrupted (${signal}) and stopped after the request in flight.`,
    applied.length > 0 ? `  Applied (${applied.length}):` : "  Applied: nothing.",
    ...applied.map(describe),
    notApplied.length > 0 ? `  Not applied (${notApplied.length}):` : "  Not applied: nothing.",
    // A recreate whose delete went through says so: its old id is already gone from the account.
    ...notApplied.map((outcome) => `${describe(outcome)}${(failed.includes(outcome) || outcome.kind === "recreate") && outcome.reason ? `: ${safe(outcome.reason)}` : ""}`),
    ...(result.idChanges.length > 0 ? ["  Recreated, old id -> new id (update Async API calls that pass trackers by id):"] : []),
    ...result.idChanges.map((change) => `    "${safe(change.name)}": ${safe(change.oldId)} -> ${safe(change.newId)}`),
    "Run 'tracker-sync apply' again to complete it: it plans against the account as it is now and does only what is left.",
  ];
  return `${lines.join("\n")}\n`;
}
