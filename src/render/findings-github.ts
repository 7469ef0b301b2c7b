import { escapeCommandData, escapeCommandProperty } from "../escape/workflow-command.js";
import type { Finding } from "../model/finding.js";

/** GitHub workflow commands (`::error file=…,line=…,col=…,title=rule::message`), one per finding. */
export function renderFindingsGithub(findings: readonly Finding[]): string {
  return findings
    .map((finding) => {
      const properties = [`file=${escapeCommandProperty(finding.file)}`, `line=${finding.line}`, `col=${finding.column}`];
      if (finding.endLine !== undefined) properties.push(`endLine=${finding.endLine}`);
      if (finding.endColumn !== undefined) properties.push(`endColumn=${finding.endColumn}`);
      properties.push(`title=${escapeCommandProperty(finding.rule)}`);
      const also = (finding.related ?? []).map((related) => `${related.file}:${related.line}:${related.column}`);
      const message = also.length > 0 ? `${finding.message} (see also ${also.join(", ")})` : finding.message;
      return `::${finding.severity} ${properties.join(",")}::${escapeCommandData(message)}\n`;
    })
    .join("");
}

export { escapeCommandData as escapeData, escapeCommandProperty as escapeProperty };
