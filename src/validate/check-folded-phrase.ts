import type { Scalar } from "yaml";

export interface FoldedPhrase {
  /** The part that YAML appended from the following line(s), as written there. */
  continuation: string;
  /** Offset of the first continuation line's text. */
  continuationOffset: number;
}

/**
 * A flow scalar (plain or quoted) that spans lines is folded by YAML into one string with spaces: a list item
 * indented one space too far (`- refund` then `   please`) silently becomes the phrase "refund please".
 * Block scalars (`|`, `>`) ask for line breaks on purpose and are left alone.
 */
export function findFoldedPhrase(text: string, node: Scalar): FoldedPhrase | undefined {
  if (node.type !== "PLAIN" && node.type !== "QUOTE_DOUBLE" && node.type !== "QUOTE_SINGLE") return undefined;
  const [start, end] = node.range ?? [0, 0];
  const source = text.slice(start, end);
  const newline = source.indexOf("\n");
  if (newline === -1) return undefined;
  const rest = source.slice(newline + 1);
  const leading = rest.length - rest.trimStart().length;
  const continuation = rest
    .trim()
    .replace(/["']$/, "")
    .replace(/\s*\n\s*/g, " ");
  return { continuation, continuationOffset: start + newline + 1 + leading };
}
