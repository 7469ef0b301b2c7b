import type { Document, Node } from "yaml";
import type { Config, EnvironmentConfig } from "../model/config.js";
import type { Finding } from "../model/finding.js";
import { findNodeAtPath, locateNode, type SourceContext } from "../validate/locate.js";
import { RULES } from "../validate/rules.js";
import { defaultCredentialNames } from "./resolve-environment.js";

/** The `environments:` entries as the schema already accepted them. */
type RawEnvironment = {
  name: string;
  apiUrl?: string;
  credentials?: Partial<EnvironmentConfig["credentials"]>;
  prune?: boolean;
  ownership?: { prefix?: string };
  guards?: Partial<Config["guards"]>;
};

/**
 * Turns schema-valid `environments:` entries into EnvironmentConfigs (credential variable names filled in)
 * and reports what the schema cannot: two environments with one name, or one credential variable read by
 * two environments (which would send one account's secret to the other's origin).
 */
export function parseEnvironments(context: SourceContext, document: Document, raw: RawEnvironment[]): { environments: EnvironmentConfig[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const root = document.contents as Node;
  const report = (pointer: string[], message: string) =>
    findings.push({
      rule: "config-environment",
      severity: RULES["config-environment"].severity,
      message,
      ...locateNode(context, findNodeAtPath(root, pointer).node),
      pointer: `/${pointer.join("/")}`,
    });
  const environments: EnvironmentConfig[] = [];
  const seenNames = new Map<string, string>();
  const credentialOwners = new Map<string, string>();
  raw.forEach((entry, index) => {
    const variableKey = entry.name.toUpperCase().replace(/-/g, "_");
    const earlier = seenNames.get(variableKey);
    if (earlier !== undefined) {
      report(
        ["environments", String(index), "name"],
        earlier === entry.name
          ? `Environment '${entry.name}' is defined twice. Give each environment its own name.`
          : `Environments '${earlier}' and '${entry.name}' differ only in '-' versus '_', so they would read the same credential variables. Rename one.`,
      );
      return;
    }
    seenNames.set(variableKey, entry.name);
    const credentials = { ...defaultCredentialNames(entry.name), ...(entry.credentials ?? {}) };
    for (const [field, variable] of Object.entries(credentials)) {
      const owner = credentialOwners.get(variable);
      if (owner !== undefined) {
        report(
          ["environments", String(index), "credentials", field],
          `Environment '${entry.name}' reads its ${field} from ${variable}, which environment '${owner}' already reads: one account's credentials would be sent to the other's API. Give each environment its own variables.`,
        );
      }
      credentialOwners.set(variable, entry.name);
    }
    const environment: EnvironmentConfig = { name: entry.name, credentials };
    if (entry.apiUrl !== undefined) environment.apiUrl = entry.apiUrl;
    if (entry.prune !== undefined) environment.prune = entry.prune;
    if (entry.ownership !== undefined) environment.ownership = { ...entry.ownership };
    if (entry.guards !== undefined) environment.guards = { ...entry.guards };
    environments.push(environment);
  });
  return { environments, findings };
}
