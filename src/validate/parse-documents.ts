import { isCollection, isPair, LineCounter, parseAllDocuments, visit, type Document, type Node, type YAMLError } from "yaml";
import type { Finding } from "../model/finding.js";
import { locateNode, locateOffset, type SourceContext } from "./locate.js";
import { findUnclosedConstruct, listUnclosedConstructs, type UnclosedConstruct } from "./locate-unclosed.js";
import { parseSimpleDocument } from "./parse-simple-yaml.js";
import { RULES } from "./rules.js";

export const MAX_NESTING_DEPTH = 64;
/** Far above what a tracker needs, low enough that an alias bomb fails fast instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedDocument {
  index: number;
  /** No content at all (a stray `---`, only comments) or an explicit null. */
  empty: boolean;
  document: Document;
  /** The document as plain data; undefined when it could not be built (syntax error, alias bomb, too deep). */
  value: unknown;
  usable: boolean;
}

export interface ParsedSource {
  context: SourceContext;
  documents: ParsedDocument[];
  findings: Finding[];
}

/** Parses every YAML document of one text, keeping line positions; YAML problems become findings. */
export function parseDocuments(file: string, text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const context: SourceContext = { file, text, lineCounter };
  const findings: Finding[] = [];
  // Plain tracker files take the fast reader; it builds the same nodes and ranges, or declines.
  const simple = parseSimpleDocument(text, lineCounter);
  if (simple) return { context, documents: [{ index: 0, document: simple, value: simple.toJS(), usable: true, empty: false }], findings };
  // logLevel "error": the parser would otherwise print Node process warnings (e.g. "Keys with collection values
  // will be stringified") straight to stderr; every such problem is already a finding with file and line.
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: "error" });
  const documents: ParsedDocument[] = [];
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((document, index) => {
    // Built once per broken document: a hostile file can hold thousands of errors.
    const unclosed = document.errors.length > 0 ? listUnclosedConstructs(document, text) : [];
    for (const error of document.errors) findings.push(describeYamlError(context, error, "error", unclosed));
    for (const warning of document.warnings) findings.push(describeYamlError(context, warning, "warning"));
    if (document.errors.length > 0) {
      documents.push({ index, document, value: undefined, usable: false, empty: false });
      return;
    }
    const tooDeep = findTooDeepNode(document.contents as Node | null);
    if (tooDeep) {
      findings.push({
        rule: "yaml-too-deep",
        severity: RULES["yaml-too-deep"].severity,
        message: `Collections are nested more than ${MAX_NESTING_DEPTH} levels deep here. A tracker needs at most three levels; flatten the document.`,
        ...locateNode(context, tooDeep),
      });
      documents.push({ index, document, value: undefined, usable: false, empty: false });
      return;
    }
    try {
      const value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      documents.push({ index, document, value, usable: true, empty: value === null || value === undefined });
    } catch (error) {
      findings.push(describeConversionError(context, document, error));
      documents.push({ index, document, value: undefined, usable: false, empty: false });
    }
  });
  return { context, documents, findings };
}

function describeYamlError(context: SourceContext, error: YAMLError, severity: "error" | "warning", unclosedConstructs: ReadonlyArray<UnclosedConstruct & { end: number }> = []): Finding {
  const location = locateWithinText(context, error.pos[0]);
  const detail = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, "").trim();
  if (error.code === "DUPLICATE_KEY") {
    const key = readKeyAt(context.text, error.pos[0]);
    return {
      rule: "yaml-duplicate-key",
      severity: RULES["yaml-duplicate-key"].severity,
      message: `${key ? `The key '${key}'` : "This key"} appears twice in the same mapping. Keep one of them.`,
      ...location,
    };
  }
  if (error.code === "RESOURCE_EXHAUSTION" && /call stack/i.test(detail)) {
    // The yaml composer recurses per nesting level and reports the overflow as this error.
    return {
      rule: "yaml-too-deep",
      severity: RULES["yaml-too-deep"].severity,
      message: `Collections are nested so deeply that the document cannot be read (more than ${MAX_NESTING_DEPTH} levels is refused anyway). A tracker needs at most three levels; flatten the document.`,
      ...location,
    };
  }
  if (severity === "warning") {
    return {
      rule: "yaml-warning",
      severity: RULES["yaml-warning"].severity,
      message: `${sentence(detail)} (YAML ${error.code}). Remove it; tracker files need only plain YAML without tags or directives.`,
      ...location,
    };
  }
  const unclosed = findUnclosedConstruct(unclosedConstructs, error.pos[0]);
  if (unclosed) {
    const bracket = unclosed.opener === "[" || unclosed.opener === "{";
    const reached = describeOffset(context, error.pos[0]);
    const message = bracket
      ? `YAML syntax error: the '${unclosed.opener}' opened here is never closed with '${unclosed.closer}', so the parser read on to ${reached} (${error.code}). Add the '${unclosed.closer}' where the list ends.`
      : `YAML syntax error: the ${unclosed.opener === '"' ? "double" : "single"} quote (${unclosed.opener}) opened here is never closed, so the parser read on to ${reached} looking for the closing one (${error.code}). Close it where the value ends.`;
    return {
      rule: "yaml-syntax",
      severity: RULES["yaml-syntax"].severity,
      message,
      ...locateOffset(context, unclosed.offset),
    };
  }
  const hint = error.code === "TAB_AS_INDENT" ? " Indent with spaces; YAML does not allow tabs for indentation." : " Fix the YAML so the file parses.";
  return { rule: "yaml-syntax", severity: RULES["yaml-syntax"].severity, message: `YAML syntax error: ${sentence(detail)} (${error.code}).${hint}`, ...location };
}

/** The parser may report an offset at the very end of the text, i.e. after the last newline: a line that does not exist. */
function locateWithinText(context: SourceContext, offset: number): ReturnType<typeof locateOffset> {
  const lastCharacter = Math.max(0, context.text.length - 1);
  return locateOffset(context, Math.min(offset, context.text.endsWith("\n") ? lastCharacter : context.text.length));
}

const contentEnds = new WeakMap<SourceContext, number>();

function describeOffset(context: SourceContext, offset: number): string {
  let contentEnd = contentEnds.get(context);
  if (contentEnd === undefined) contentEnds.set(context, (contentEnd = context.text.trimEnd().length));
  if (offset >= contentEnd) return "the end of the file";
  return `line ${locateOffset(context, offset).line}`;
}

function describeConversionError(context: SourceContext, document: Document, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias/i.test(message)) {
    let firstAlias: Node | undefined;
    visit(document, {
      Alias(_, node) {
        firstAlias = node;
        return visit.BREAK;
      },
    });
    return {
      rule: "yaml-alias-limit",
      severity: RULES["yaml-alias-limit"].severity,
      message: `Aliases in this document expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb). Write the phrases out instead of using anchors and aliases.`,
      ...locateNode(context, firstAlias ?? (document.contents as Node | null)),
    };
  }
  return {
    rule: "yaml-syntax",
    severity: RULES["yaml-syntax"].severity,
    message: `The document cannot be read as data: ${sentence(message)}. Fix the YAML so the file parses.`,
    ...locateNode(context, document.contents as Node | null),
  };
}

/** Depth-first without recursion, so hostile nesting cannot overflow the stack. */
function findTooDeepNode(root: Node | null): Node | undefined {
  if (!root) return undefined;
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > MAX_NESTING_DEPTH) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (isCollection(item.key)) stack.push([item.key, depth + 1]);
        if (isCollection(item.value)) stack.push([item.value, depth + 1]);
      } else if (isCollection(item)) {
        // Aliases are not followed: their target's depth is counted where it is defined.
        stack.push([item, depth + 1]);
      }
    }
  }
  return undefined;
}

function readKeyAt(text: string, offset: number): string | undefined {
  const lineEnd = text.indexOf("\n", offset);
  const rest = text.slice(offset, lineEnd < 0 ? undefined : lineEnd);
  const match = /^\s*["']?([^"':]{1,80}?)["']?\s*:/.exec(rest);
  return match?.[1];
}

function sentence(text: string): string {
  const trimmed = text.replace(/\.$/, "");
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
