import { isCollection, isScalar, visit, type Document, type Node } from "yaml";

export interface UnclosedConstruct {
  /** Offset of the opening token: the quote, `[` or `{`. */
  offset: number;
  opener: string;
  closer: string;
}

const CLOSER: Record<string, string> = { '"': '"', "'": "'", "[": "]", "{": "}" };

/**
 * The construct a syntax error belongs to when it was left open: the YAML parser reports a missing closing
 * quote or bracket where it gave up (often the end of the file), but the user's mistake is where it opened.
 * Picks the innermost quoted scalar or flow collection that runs up to the error without being closed.
 */
export function findUnclosedConstruct(document: Document, text: string, errorOffset: number): UnclosedConstruct | undefined {
  let found: UnclosedConstruct | undefined;
  visit(document, {
    Node(_key, node: Node) {
      const range = node.range;
      if (!range) return;
      const [start, valueEnd] = range;
      const quoted = isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE");
      const flow = isCollection(node) && node.flow === true;
      if (!quoted && !flow) return;
      const opener = text[start] ?? "";
      const closer = CLOSER[opener];
      if (!closer || start > errorOffset || valueEnd < errorOffset) return;
      const closed = valueEnd - start >= 2 && text[valueEnd - 1] === closer;
      if (closed) return;
      if (!found || start > found.offset) found = { offset: start, opener, closer };
    },
  });
  return found;
}
