import type { Finding } from "../model/finding.js";

const RED = "\u001b[31m";
const YELLOW = "\u001b[33m";
const DIM = "\u001b[2m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** Compiler-style lines, `file:line:col  error  message  [rule]`, related places indented below, then a summary. */
export function renderFindingsText(findings: readonly Finding[], options: { color: boolean }): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  for (const finding of findings) {
    const severity = finding.severity === "error" ? paint(RED, "error  ") : paint(YELLOW, "warning");
    lines.push(`${paint(BOLD, `${finding.file}:${finding.line}:${finding.column}`)}  ${severity}  ${finding.message}  ${paint(DIM, `[${finding.rule}]`)}`);
    for (const related of finding.related ?? []) {
      lines.push(`    ${paint(DIM, `${related.file}:${related.line}:${related.column}${related.message ? `  ${related.message}` : ""}`)}`);
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
