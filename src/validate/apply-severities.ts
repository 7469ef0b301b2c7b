import type { Finding } from "../model/finding.js";
import type { RuleSeverity } from "../model/config.js";

/** Applies `rules:` overrides from the config: a new severity, or `off` to drop the finding. */
export function applySeverities(findings: readonly Finding[], overrides: Readonly<Record<string, RuleSeverity>>): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const override = overrides[finding.rule];
    if (override === "off") continue;
    result.push(override && override !== finding.severity ? { ...finding, severity: override } : finding);
  }
  return result;
}
