import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { isMap, type Document, type Node } from "yaml";
import type { Finding } from "../model/finding.js";
import { decodePointer, findNodeAtPath, findPair, locateNode, type SourceContext } from "./locate.js";
import { suggestClosest } from "./suggest-key.js";

export interface SchemaCheckOptions {
  rule: string;
  /** What the document is, for messages ("tracker", "config file"). */
  subject: string;
  /** Errors the caller reports better itself (e.g. lint rules with columns); return true to drop one. */
  ignore?: (error: ErrorObject) => boolean;
}

export type SchemaCheck = (context: SourceContext, document: Document, value: unknown) => Finding[];

/**
 * Wraps a schema's validator, generated at build time from `schema` by scripts/build-schema-validators.ts (ajv
 * compiling the schemas on every start cost ~40 ms); the returned check maps every ajv error to the YAML node it is
 * about.
 */
export function createSchemaCheck(schema: object, validate: ValidateFunction, options: SchemaCheckOptions): SchemaCheck {
  return (context, document, value) => {
    if (validate(value)) return [];
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      if (error.keyword === "if" || options.ignore?.(error)) continue;
      const finding = describeSchemaError(context, document, value, error, schema, options);
      const key = `${finding.line}:${finding.column}:${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
    return findings;
  };
}

function describeSchemaError(context: SourceContext, document: Document, value: unknown, error: ErrorObject, schema: object, options: SchemaCheckOptions): Finding {
  const segments = decodePointer(error.instancePath);
  const root = document.contents as Node | null;
  const { node } = findNodeAtPath(root, segments);
  const base = { rule: options.rule, severity: "error" as const, file: context.file, pointer: error.instancePath };
  const where = describePath(segments, options.subject);
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(readSchemaAt(schema, error.schemaPath)?.properties ?? {});
      const keyNode = isMap(node) ? findPair(node, key)?.key : undefined;
      const suggestion = suggestClosest(key, allowed);
      const advice = suggestion ? `Did you mean '${suggestion}'?` : `Remove it; the allowed keys are ${allowed.map((name) => `'${name}'`).join(", ")}.`;
      const pointer = `${error.instancePath}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      return { ...base, pointer, message: `Unknown key '${key}' in ${where}. ${advice}`, ...locateNode(context, keyNode ?? node) };
    }
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { ...base, message: `${capitalise(where)} is missing the required key '${missing}'. Add it.`, ...locateNode(context, node) };
    }
    case "type": {
      const expected = String((error.params as { type: string | string[] }).type);
      const actual = describeValueType(readValueAt(value, segments));
      const quoteHint = expected === "string" && (actual === "a number" || actual === "a boolean" || actual === "null") ? " Put it in quotes if it is meant as text." : "";
      return { ...base, message: `${capitalise(where)} must be ${withArticle(expected)}, not ${actual}.${quoteHint}`, ...locateNode(context, node) };
    }
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(", ");
      return { ...base, message: `${capitalise(where)} must be one of ${allowed}.`, ...locateNode(context, node) };
    }
    case "propertyNames": {
      return { ...base, message: `${capitalise(where)} has a key that is not allowed: ${error.message ?? "invalid name"}.`, ...locateNode(context, node) };
    }
    default:
      return { ...base, message: `${capitalise(where)} ${error.message ?? "is not valid"}.`, ...locateNode(context, node) };
  }
}

function describePath(segments: readonly string[], subject: string): string {
  if (segments.length === 0) return `the ${subject}`;
  const last = segments[segments.length - 1]!;
  if (/^\d+$/.test(last) && segments.length >= 2) return `entry ${Number(last) + 1} of '${segments.slice(0, -1).join(".")}'`;
  return `'${segments.join(".")}'`;
}

function readValueAt(root: unknown, segments: readonly string[]): unknown {
  let value: unknown = root;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function describeValueType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

function withArticle(type: string): string {
  switch (type) {
    case "array":
      return "a list";
    case "object":
      return "a mapping";
    case "integer":
      return "an integer";
    default:
      return `a ${type}`;
  }
}

function readSchemaAt(schema: object, schemaPath: string): { properties?: Record<string, unknown> } | undefined {
  let node: unknown = schema;
  for (const segment of decodePointer(schemaPath.replace(/^#/, "")).slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node as { properties?: Record<string, unknown> };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
