import type { SourceLocation } from "./tracker.js";

export type Severity = "error" | "warning";

/** One validation result. Rule codes are stable and documented; messages say what to do. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** JSON pointer of the offending node inside its document, when there is one. */
  pointer?: string;
  /** Other places involved (e.g. the other file of a duplicate name). */
  related?: Array<SourceLocation & { message?: string }>;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

export function countErrors(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.severity === "error").length;
}
