import { escapeTerminalText as safe } from "../escape/terminal-text.js";
import { createColors } from "picocolors";
import type { Finding } from "../model/finding.js";

/** Compiler-style lines, `file:line:col  error  message  [rule]`, related places indented below, then a summary. */
export function renderFindingsText(findings: readonly Finding[], options: { color: boolean }): string {
  const { red, yellow, dim, bold } = createColors(options.color);
  const lines: string[] = [];
  for (const finding of findings) {
    const severity = finding.severity === "error" ? red("error  ") : yellow("warning");
    lines.push(`${bold(`${safe(finding.file)}:${finding.line}:${finding.column}`)}  ${severity}  ${safe(finding.message)}  ${dim(`[${finding.rule}]`)}`);
    for (const related of finding.related ?? []) {
      lines.push(`    ${dim(`${safe(related.file)}:${related.line}:${related.column}${related.message ? `  ${safe(related.message)}` : ""}`)}`);
    }
  }
  if (lines.length > 0) lines.push("");
  lines.push(summarise(findings));
  return `${lines.join("\n")}\n`;
}

export function summarise(findings: readonly Finding[]): string {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return "No problems found.";
  return `${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}.`;
}
