import { createColors } from "picocolors";
import { countOutcomes, type ApplyResult } from "../model/plan.js";
import { escapeTerminalText as safe } from "../escape/terminal-text.js";
import { plural } from "./plan-format.js";

/** The apply result for a terminal: one line per change, appends on PUT and id changes, then a summary. Pure. */
export function renderApplyResultText(result: ApplyResult, options: { color: boolean }): string {
  const colors = createColors(options.color);
  const paint = (style: "green" | "red" | "yellow" | "bold", text: string) => colors[style](text);
  const lines: string[] = [];
  for (const outcome of result.outcomes) {
    const label = outcome.status === "applied" ? paint("green", "applied") : outcome.status === "failed" ? paint("red", "FAILED ") : paint("yellow", "skipped");
    const id = outcome.id ? ` (id ${safe(outcome.id)})` : "";
    lines.push(`  ${label} ${outcome.kind} "${safe(outcome.name)}"${id}${outcome.reason ? `: ${safe(outcome.reason)}` : ""}`);
  }
  if (result.mergedOnPut.length > 0) {
    lines.push("", paint("yellow", "The account appended the vocabulary on PUT instead of replacing it (set putBehavior: append in tracker-sync.yaml):"));
    for (const merged of result.mergedOnPut) {
      lines.push(`  "${safe(merged.name)}" (id ${safe(merged.id)}) kept ${plural(merged.unexpected.length, "removed phrase")}: ${merged.unexpected.map((phrase) => `"${safe(phrase)}"`).join(", ")}`);
    }
  }
  if (result.idChanges.length > 0) {
    lines.push("", "Recreated trackers, old id -> new id (update Async API calls that pass trackers by id):");
    for (const change of result.idChanges) lines.push(`  "${safe(change.name)}": ${safe(change.oldId)} -> ${safe(change.newId)}`);
  }
  const applied = countOutcomes(result, "applied");
  const failed = countOutcomes(result, "failed");
  const skipped = countOutcomes(result, "skipped");
  lines.push("");
  lines.push(
    result.verified
      ? paint("green", "Verified: the account now matches the repository.")
      : paint("red", "Not verified: the account does not match the repository yet. Fix the failures above and run apply again; it only redoes what is left."),
  );
  const summary = `Apply: ${applied} applied, ${failed} failed, ${skipped} skipped (${plural(result.apiCalls, "API call")}).`;
  lines.push(paint("bold", failed > 0 ? paint("red", summary) : summary));
  return `${lines.join("\n")}\n`;
}
