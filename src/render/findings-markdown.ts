import { escapeCodeSpan, escapeMarkdownText } from "../escape/markdown-text.js";
import type { Finding } from "../model/finding.js";

const MAX_ROWS = 100;

/** A compact Markdown summary for a pull-request comment: a count line and a table of findings. */
export function renderFindingsMarkdown(findings: readonly Finding[]): string {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return "**Validation:** no problems found.\n";
  const lines = [`**Validation:** ${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}.`, "", "| | Location | Rule | Message |", "|---|---|---|---|"];
  for (const finding of findings.slice(0, MAX_ROWS)) {
    const icon = finding.severity === "error" ? "❌" : "⚠️";
    lines.push(`| ${icon} | \`${escapeCode(`${finding.file}:${finding.line}:${finding.column}`)}\` | \`${escapeCode(finding.rule)}\` | ${escapeCell(finding.message)} |`);
  }
  if (findings.length > MAX_ROWS) lines.push("", `…and ${findings.length - MAX_ROWS} more. Run \`tracker-sync validate\` to see them all.`);
  return `${lines.join("\n")}\n`;
}

const escapeCell = escapeMarkdownText;
const escapeCode = escapeCodeSpan;
