import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Finding } from "../model/finding.js";
import { escapeTerminalText } from "../escape/terminal-text.js";

export interface Annotation {
  level: "error" | "warning";
  message: string;
  properties: { title: string; file: string; startLine: number; startColumn: number; endLine?: number; endColumn?: number };
}

/**
 * Findings as GitHub annotations. GitHub places them by repository-relative path, while findings carry
 * paths relative to the project directory, so paths are re-based on the workspace.
 */
export function toAnnotations(findings: readonly Finding[], options: { projectDir: string; workspace: string }): Annotation[] {
  return findings.map((finding) => {
    const properties: Annotation["properties"] = {
      title: `tracker-sync ${finding.rule}`,
      file: escapeTerminalText(toRepositoryPath(finding.file, options)),
      startLine: finding.line,
      startColumn: finding.column,
    };
    // GitHub ignores columns on multi-line annotations; only pass the end when it stays on one line.
    if (finding.endLine !== undefined && finding.endLine === finding.line && finding.endColumn !== undefined) {
      properties.endLine = finding.endLine;
      properties.endColumn = finding.endColumn;
    }
    // @actions/core escapes the command syntax; this makes hidden characters (bidi, zero-width, ESC) visible.
    return { level: finding.severity, message: escapeTerminalText(finding.message), properties };
  });
}

/** A finding path as GitHub expects it: relative to the repository root, forward slashes. */
export function toRepositoryPath(file: string, options: { projectDir: string; workspace: string }): string {
  const absolute = isAbsolute(file) ? file : resolve(options.projectDir, file);
  const fromWorkspace = relative(options.workspace, absolute);
  const inside = fromWorkspace !== "" && !fromWorkspace.startsWith("..") && !isAbsolute(fromWorkspace);
  return (inside ? fromWorkspace : file).split(sep).join("/");
}
