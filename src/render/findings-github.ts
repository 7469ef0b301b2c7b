import type { Finding } from "../model/finding.js";

/** GitHub workflow commands (`::error file=…,line=…,col=…,title=rule::message`), one per finding. */
export function renderFindingsGithub(findings: readonly Finding[]): string {
  return findings
    .map((finding) => {
      const properties = [`file=${escapeProperty(finding.file)}`, `line=${finding.line}`, `col=${finding.column}`];
      if (finding.endLine !== undefined) properties.push(`endLine=${finding.endLine}`);
      if (finding.endColumn !== undefined) properties.push(`endColumn=${finding.endColumn}`);
      properties.push(`title=${escapeProperty(finding.rule)}`);
      const also = (finding.related ?? []).map((related) => `${related.file}:${related.line}:${related.column}`);
      const message = also.length > 0 ? `${finding.message} (see also ${also.join(", ")})` : finding.message;
      return `::${finding.severity} ${properties.join(",")}::${escapeData(message)}\n`;
    })
    .join("");
}

/** The escaping the Actions runner undoes for a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values additionally escape the separators of the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
