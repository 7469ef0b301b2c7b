import { escapeCodeSpan, escapeMarkdownText } from "../escape/markdown-text.js";
import { countOutcomes, type ApplyResult } from "../model/plan.js";

/** The apply result as Markdown (job summary, PR comment). Pure. */
export function renderApplyResultMarkdown(result: ApplyResult): string {
  const out: string[] = ["### tracker-sync apply", ""];
  const applied = countOutcomes(result, "applied");
  const failed = countOutcomes(result, "failed");
  const skipped = countOutcomes(result, "skipped");
  out.push(`**${failed > 0 ? "Apply finished with failures" : "Apply finished"}:** ${applied} applied, ${failed} failed, ${skipped} skipped, ${result.apiCalls} API calls.`, "");
  out.push(
    result.verified ? "Verified: the account matches the repository." : "> [!WARNING]\n> Not verified: the account does not match the repository yet. Fix the failures and run apply again.",
    "",
  );
  if (result.outcomes.length > 0) {
    out.push("| Status | Change | Tracker | Details |", "| --- | --- | --- | --- |");
    for (const outcome of result.outcomes) {
      const status = outcome.status === "applied" ? "✅ applied" : outcome.status === "failed" ? "❌ failed" : "⏭️ skipped";
      out.push(`| ${status} | ${outcome.kind} | ${cell(outcome.name)}${outcome.id ? ` (\`${escapeCodeSpan(outcome.id)}\`)` : ""} | ${cell(outcome.reason ?? "")} |`);
    }
    out.push("");
  }
  if (result.mergedOnPut.length > 0) {
    out.push("#### Vocabulary appended on PUT", "", "The account appends on PUT; set `putBehavior: append` in tracker-sync.yaml and plan again (removals become recreates).", "");
    for (const merged of result.mergedOnPut) out.push(`- ${cell(merged.name)} (\`${escapeCodeSpan(merged.id)}\`): ${merged.unexpected.map((phrase) => `\`${escapeCodeSpan(phrase)}\``).join(", ")}`);
    out.push("");
  }
  if (result.idChanges.length > 0) {
    out.push("#### Id changes", "", "Recreated trackers have new ids; update Async API calls that pass `trackers: [{id}]`.", "", "| Tracker | Old id | New id |", "| --- | --- | --- |");
    for (const change of result.idChanges) out.push(`| ${cell(change.name)} | \`${escapeCodeSpan(change.oldId)}\` | \`${escapeCodeSpan(change.newId)}\` |`);
    out.push("");
  }
  out.push(`<sub>Plan fingerprint \`${result.fingerprint}\`.</sub>`);
  return `${out.join("\n")}\n`;
}

const cell = escapeMarkdownText;
