import { isCollection, isScalar, visit, type Document, type Node } from "yaml";

export interface UnclosedConstruct {
  /** Offset of the opening token: the quote, `[` or `{`. */
  offset: number;
  opener: string;
  closer: string;
}

const MAX_CANDIDATES_WALKED = 64;
const CLOSER: Record<string, string> = { '"': '"', "'": "'", "[": "]", "{": "}" };

/**
 * The constructs a syntax error may belong to when it was left open: the YAML parser reports a missing closing
 * quote or bracket where it gave up (often the end of the file), but the user's mistake is where it opened.
 * Collects every quoted scalar and flow collection that is not closed, once per document.
 */
export function listUnclosedConstructs(document: Document, text: string): Array<UnclosedConstruct & { end: number }> {
  const found: Array<UnclosedConstruct & { end: number }> = [];
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
      if (!closer) return;
      const closed = valueEnd - start >= 2 && text[valueEnd - 1] === closer;
      if (!closed) found.push({ offset: start, opener, closer, end: valueEnd });
    },
  });
  return found.sort((a, b) => a.offset - b.offset);
}

/** The innermost (latest opened) unclosed construct that runs up to the error. `unclosed` is in document order. */
export function findUnclosedConstruct(unclosed: ReadonlyArray<UnclosedConstruct & { end: number }>, errorOffset: number): UnclosedConstruct | undefined {
  // Binary search for the last construct opened at or before the error, then walk outwards to one that reaches it.
  let low = 0;
  let high = unclosed.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (unclosed[middle]!.offset <= errorOffset) low = middle + 1;
    else high = middle;
  }
  // Bounded walk: with thousands of unclosed constructs before the error, the parser's own position will do.
  for (let index = low - 1; index >= Math.max(0, low - MAX_CANDIDATES_WALKED); index--) {
    const candidate = unclosed[index]!;
    if (candidate.end >= errorOffset) return candidate;
  }
  return undefined;
}
