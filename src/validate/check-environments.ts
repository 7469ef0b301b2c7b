import type { Config } from "../model/config.js";
import type { Finding } from "../model/finding.js";
import type { TrackerDefinition } from "../model/tracker.js";
import { RULES } from "./rules.js";
import { suggestClosest } from "./suggest-key.js";

/**
 * The rules that tie tracker files to `environments:` in tracker-sync.yaml: every name a tracker lists must
 * be defined there, and a tracker in an environment with its own ownership prefix must carry that prefix.
 */
export function checkEnvironments(trackers: readonly TrackerDefinition[], config: Config): Finding[] {
  const findings: Finding[] = [];
  const environments = config.environments ?? [];
  const known = environments.map((environment) => environment.name);
  for (const tracker of trackers) {
    (tracker.environments ?? []).forEach((name, index) => {
      if (known.includes(name)) return;
      const location = tracker.source.environments?.[index] ?? tracker.source.name;
      const suggestion = suggestClosest(name, known);
      const message =
        known.length === 0
          ? `Tracker '${tracker.name}' lists environment '${name}', but tracker-sync.yaml defines no environments. Add it under 'environments:' there or remove 'environments:' from this tracker.`
          : `Tracker '${tracker.name}' lists environment '${name}', which tracker-sync.yaml does not define (it defines ${known.map((known) => `'${known}'`).join(", ")}).${suggestion ? ` Did you mean '${suggestion}'?` : ""}`;
      findings.push({ rule: "environment-unknown", severity: RULES["environment-unknown"].severity, message, ...location, pointer: `/environments/${index}` });
    });
    for (const environment of environments) {
      const prefix = environment.ownership?.prefix;
      if (!prefix || tracker.name.startsWith(prefix)) continue;
      if (tracker.environments !== undefined && !tracker.environments.includes(environment.name)) continue;
      findings.push({
        rule: "name-prefix",
        severity: RULES["name-prefix"].severity,
        message: `The tracker name '${tracker.name}' does not start with the ownership prefix '${prefix}' of environment '${environment.name}' (tracker-sync.yaml), so plan and apply there would not manage it. Rename it, change the prefix, or limit the tracker with 'environments:'.`,
        ...tracker.source.name,
        pointer: "/name",
      });
    }
  }
  return findings;
}
