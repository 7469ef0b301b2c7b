import configSchema from "../../schemas/config.schema.json" with { type: "json" };
import type { Node } from "yaml";
import { DEFAULT_CONFIG, type Config, type RuleSeverity } from "../model/config.js";
import type { Finding } from "../model/finding.js";
import { createSchemaCheck } from "../validate/check-schema.js";
import validateConfigSchema from "../validate/generated/config-schema-validator.js";
import { decodeSource } from "../validate/decode-source.js";
import { findNodeAtPath, locateNode } from "../validate/locate.js";
import { parseDocuments } from "../validate/parse-documents.js";
import { isRuleCode, RULES } from "../validate/rules.js";
import { suggestClosest } from "../validate/suggest-key.js";
import { parseEnvironments } from "./parse-environments.js";

export interface ConfigParse {
  config: Config;
  findings: Finding[];
}

const checkConfigSchema = createSchemaCheck(configSchema, validateConfigSchema, { rule: "config-schema", subject: "config file" });

/**
 * Reads tracker-sync.yaml text into a Config with defaults filled in. Problems become findings (rules
 * config-syntax, config-schema, config-unknown-rule); a broken file yields the defaults.
 */
export function parseConfig(file: string, content: Uint8Array | string): ConfigParse {
  const decoded = decodeSource(file, content);
  if (!decoded.ok) {
    const emptyFile = decoded.findings.every((finding) => finding.rule === "file-empty");
    if (emptyFile) return { config: cloneDefaults(), findings: [] };
    return { config: cloneDefaults(), findings: decoded.findings.map(asConfigSyntax) };
  }
  const parsed = parseDocuments(file, decoded.text);
  const findings = parsed.findings.map(asConfigSyntax);
  const documents = parsed.documents.filter((document) => !document.empty);
  if (findings.some((finding) => finding.severity === "error")) return { config: cloneDefaults(), findings };
  if (documents.length > 1) {
    const second = documents[1]!;
    findings.push({
      rule: "config-syntax",
      severity: RULES["config-syntax"].severity,
      message: "The config file holds more than one YAML document. Keep a single document.",
      ...locateNode(parsed.context, second.document.contents as Node),
    });
    return { config: cloneDefaults(), findings };
  }
  const document = documents[0];
  if (!document?.usable) return { config: cloneDefaults(), findings };
  const schemaFindings = checkConfigSchema(parsed.context, document.document, document.value);
  findings.push(...schemaFindings);
  if (schemaFindings.length > 0) return { config: cloneDefaults(), findings };
  const value = document.value as Partial<Omit<Config, "environments">> & { environments?: Parameters<typeof parseEnvironments>[2] } & Record<string, unknown>;
  const rules: Record<string, RuleSeverity> = {};
  for (const [code, severity] of Object.entries(value.rules ?? {})) {
    if (isRuleCode(code)) {
      rules[code] = severity;
      continue;
    }
    const suggestion = suggestClosest(code, Object.keys(RULES));
    const { node } = findNodeAtPath(document.document.contents as Node, ["rules", code]);
    const keyNode = findKeyNode(document.document.contents as Node, code) ?? node;
    findings.push({
      rule: "config-unknown-rule",
      severity: RULES["config-unknown-rule"].severity,
      message: `Unknown rule '${code}' in rules.${suggestion ? ` Did you mean '${suggestion}'?` : " See docs/validate.md for the rule codes."}`,
      ...locateNode(parsed.context, keyNode),
      pointer: `/rules/${code}`,
    });
  }
  const config: Config = {
    paths: value.paths ?? [...DEFAULT_CONFIG.paths],
    prune: value.prune ?? DEFAULT_CONFIG.prune,
    putBehavior: value.putBehavior ?? DEFAULT_CONFIG.putBehavior,
    ownership: { ...DEFAULT_CONFIG.ownership, ...(value.ownership ?? {}) },
    guards: { ...DEFAULT_CONFIG.guards, ...(value.guards ?? {}) },
    lint: {
      maxPhraseWords: value.lint?.maxPhraseWords ?? DEFAULT_CONFIG.lint.maxPhraseWords,
      fillerOpenings: value.lint?.fillerOpenings ?? [...DEFAULT_CONFIG.lint.fillerOpenings],
    },
    rules,
    conversations: value.conversations ?? DEFAULT_CONFIG.conversations,
    api: { generation: value.api?.generation ?? DEFAULT_CONFIG.api.generation },
  };
  if (value.apiUrl !== undefined) config.apiUrl = value.apiUrl;
  if (value.environments !== undefined) {
    const parsedEnvironments = parseEnvironments(parsed.context, document.document, value.environments);
    findings.push(...parsedEnvironments.findings);
    config.environments = parsedEnvironments.environments;
  }
  return { config, findings };
}

function findKeyNode(root: Node, code: string): Node | undefined {
  const { node: rulesNode } = findNodeAtPath(root, ["rules"]);
  if (!rulesNode || !("items" in rulesNode)) return undefined;
  for (const pair of (rulesNode as { items: Array<{ key: unknown }> }).items) {
    const key = pair.key as (Node & { value?: unknown }) | null;
    if (key && key.value === code) return key;
  }
  return undefined;
}

function asConfigSyntax(finding: Finding): Finding {
  if (finding.severity === "warning") return finding;
  return { ...finding, rule: "config-syntax" };
}

export function cloneDefaults(): Config {
  return {
    ...DEFAULT_CONFIG,
    paths: [...DEFAULT_CONFIG.paths],
    ownership: { ...DEFAULT_CONFIG.ownership },
    guards: { ...DEFAULT_CONFIG.guards },
    lint: { ...DEFAULT_CONFIG.lint, fillerOpenings: [...DEFAULT_CONFIG.lint.fillerOpenings] },
    rules: {},
    api: { ...DEFAULT_CONFIG.api },
  };
}
