import { isMap, isScalar, isSeq, type LineCounter, type Node, type Scalar, type YAMLMap } from "yaml";
import type { SourceLocation } from "../model/tracker.js";

/** One parsed source text, so nodes and offsets can be turned into file:line:col. */
export interface SourceContext {
  file: string;
  text: string;
  lineCounter: LineCounter;
}

export function locateOffset(context: SourceContext, offset: number): SourceLocation {
  const { line, col } = context.lineCounter.linePos(Math.max(0, Math.min(offset, context.text.length)));
  return { file: context.file, line, column: col };
}

export function locateNode(context: SourceContext, node: Node | null | undefined, fallbackOffset = 0): SourceLocation {
  return locateOffset(context, node?.range?.[0] ?? fallbackOffset);
}

/** The value node of `key` in a mapping, and the pair's key node. */
export function findPair(map: YAMLMap, key: string): { key: Node | undefined; value: Node | null | undefined } | undefined {
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const keyValue = isScalar(keyNode) ? keyNode.value : keyNode;
    if (keyValue === key) return { key: keyNode ?? undefined, value: pair.value as Node | null };
  }
  return undefined;
}

/** Walks a JSON pointer's segments down the YAML node tree; stops at the deepest node that exists. */
export function findNodeAtPath(root: Node | null | undefined, segments: readonly string[]): { node: Node | null | undefined; complete: boolean } {
  let node = root;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = findPair(node, segment);
      if (!pair) return { node, complete: false };
      if (pair.value === null || pair.value === undefined) return { node: pair.key, complete: true };
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) return { node, complete: false };
      node = item;
    } else {
      return { node, complete: false };
    }
  }
  return { node, complete: true };
}

export function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function encodePointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/**
 * Source location of the character at `index` of a string scalar's value. Exact for plain and quoted
 * scalars without escapes or line folding; otherwise the character is searched in the raw source, and
 * failing that the scalar's start is used.
 */
export function locateInScalar(context: SourceContext, node: Scalar, index: number): SourceLocation {
  const range = node.range;
  if (!range) return { file: context.file, line: 1, column: 1 };
  const value = String(node.value);
  const raw = context.text.slice(range[0], range[1]);
  if (node.type === "PLAIN" && raw === value) return locateOffset(context, range[0] + index);
  if ((node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && raw.slice(1, -1) === value) {
    return locateOffset(context, range[0] + 1 + index);
  }
  const character = String.fromCodePoint(value.codePointAt(index) ?? 32);
  const before = value.slice(0, index).split(character).length - 1;
  let found = -1;
  for (let seen = 0, from = 0; seen <= before; seen++) {
    found = raw.indexOf(character, from);
    if (found < 0) break;
    from = found + character.length;
  }
  return locateOffset(context, range[0] + Math.max(found, 0));
}
