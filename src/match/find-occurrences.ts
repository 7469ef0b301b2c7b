import type { AnalyzedToken } from "./analyze-text.js";
import type { CompiledTrackers, TrieNode } from "./compile-trackers.js";

/** One place where a phrase matched inside a text. */
export interface PhraseOccurrence {
  /** Index into `CompiledTrackers.phrases`. */
  phrase: number;
  /** Character span of the matched words (first word's start to last word's end). */
  start: number;
  end: number;
  /** True for a case-insensitive, punctuation-tolerant match of the phrase's own words. */
  exact: boolean;
}

/** Most intervening stop-words a word-form match may skip between two phrase words. */
export const MAX_GAP_WORDS = 2;

interface WordFormState {
  node: TrieNode;
  skipped: number;
}

function collectExact(root: TrieNode, tokens: readonly AnalyzedToken[], startIndex: number, found: PhraseOccurrence[]): void {
  const first = tokens[startIndex];
  if (!first) return;
  let node = root.children.get(first.surface);
  let index = startIndex;
  while (node) {
    const last = tokens[index];
    if (!last) return;
    for (const phrase of node.phrases) found.push({ phrase, start: first.start, end: last.end, exact: true });
    if (node.children.size === 0) return;
    let next = index + 1;
    while (tokens[next]?.role === "transparent") next += 1;
    const token = tokens[next];
    if (token?.role !== "word") return;
    node = node.children.get(token.surface);
    index = next;
  }
}

function collectWordForms(root: TrieNode, tokens: readonly AnalyzedToken[], startIndex: number, onMatch: (phrase: number, endIndex: number) => void): void {
  const first = tokens[startIndex];
  if (!first) return;
  let states: WordFormState[] = [];
  for (const key of first.keys) {
    const child = root.children.get(key);
    if (child) states.push({ node: child, skipped: 0 });
  }
  for (const state of states) for (const phrase of state.node.phrases) onMatch(phrase, startIndex);
  let index = startIndex;
  while (states.length > 0) {
    index += 1;
    const token = tokens[index];
    if (!token || token.role === "break") return;
    if (token.role === "transparent") continue;
    const next = new Map<TrieNode, number>();
    const keep = (node: TrieNode, skipped: number) => {
      const known = next.get(node);
      if (known === undefined || skipped < known) next.set(node, skipped);
    };
    const keys = token.keys;
    for (const state of states) {
      if (state.node.children.size === 0) continue;
      for (const key of keys) {
        const child = state.node.children.get(key);
        if (child) keep(child, 0);
      }
      if (token.skippable && state.skipped < MAX_GAP_WORDS) keep(state.node, state.skipped + 1);
    }
    states = [...next].map(([node, skipped]) => ({ node, skipped }));
    for (const state of states) if (state.skipped === 0) for (const phrase of state.node.phrases) onMatch(phrase, index);
  }
}

/**
 * Finds every occurrence of every compiled phrase in one analysed text. Each start position walks the
 * tries at most (longest phrase + gaps) tokens, so cost is linear in the text and independent of the
 * number of phrases. Exact occurrences win over word-form ones that start at the same word.
 */
export function findOccurrences(compiled: CompiledTrackers, tokens: readonly AnalyzedToken[]): PhraseOccurrence[] {
  const found: PhraseOccurrence[] = [];
  for (let startIndex = 0; startIndex < tokens.length; startIndex += 1) {
    const first = tokens[startIndex];
    if (first?.role !== "word") continue;
    const exactCount = found.length;
    collectExact(compiled.exact, tokens, startIndex, found);
    const exactPhrases = new Set<number>();
    for (let position = exactCount; position < found.length; position += 1) exactPhrases.add(found[position]!.phrase);
    const wordFormEnds = new Map<number, number>();
    collectWordForms(compiled.wordForms, tokens, startIndex, (phrase, endIndex) => {
      if (exactPhrases.has(phrase) || wordFormEnds.has(phrase)) return;
      wordFormEnds.set(phrase, endIndex);
    });
    for (const [phrase, endIndex] of wordFormEnds) {
      found.push({ phrase, start: first.start, end: tokens[endIndex]!.end, exact: false });
    }
  }
  return found;
}
