import type { Finding } from "../model/finding.js";

/** Bumped only when a field changes meaning or disappears; new fields may be added within a version. */
export const FINDINGS_FORMAT_VERSION = 1;

/** The documented JSON shape of `validate --format json` (docs/validate.md). */
export function renderFindingsJson(findings: readonly Finding[], options: { files: readonly string[] }): string {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  const report = {
    formatVersion: FINDINGS_FORMAT_VERSION,
    summary: { errors, warnings: findings.length - errors, files: options.files.length },
    findings: findings.map((finding) => {
      const entry: Record<string, unknown> = {
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        file: finding.file,
        line: finding.line,
        column: finding.column,
      };
      if (finding.endLine !== undefined) entry.endLine = finding.endLine;
      if (finding.endColumn !== undefined) entry.endColumn = finding.endColumn;
      if (finding.pointer !== undefined) entry.pointer = finding.pointer;
      if (finding.related && finding.related.length > 0) entry.related = finding.related;
      return entry;
    }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
