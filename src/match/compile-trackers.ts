import { analyzePhrase, type AnalyzedToken } from "./analyze-text.js";
import type { MatcherTracker } from "./trackers-detected.js";

/** A node of a token trie: children by token key, and the phrases that end here. */
export interface TrieNode {
  children: Map<string, TrieNode>;
  phrases: number[];
}

/** One distinct vocabulary phrase and the trackers that list it. */
export interface CompiledPhrase {
  value: string;
  /** Indexes into `CompiledTrackers.trackers`. */
  trackers: number[];
  wordCount: number;
}

/** Trackers prepared for matching: two token tries built once, used for every message. */
export interface CompiledTrackers {
  trackers: Array<{ id: string; name: string; vocabulary: string[] }>;
  phrases: CompiledPhrase[];
  /** Keyed by lower-cased surface words: finds exact matches. */
  exact: TrieNode;
  /** Keyed by lemmas (and normal forms when they differ): finds word-form matches. */
  wordForms: TrieNode;
}

/** Analysed phrases, shared between compilations (e.g. the before and after sets of a plan). */
export type PhraseCache = Map<string, AnalyzedToken[]>;

function createNode(): TrieNode {
  return { children: new Map(), phrases: [] };
}

function insertPath(root: TrieNode, keys: string[], phrase: number): void {
  let node = root;
  for (const key of keys) {
    let child = node.children.get(key);
    if (!child) {
      child = createNode();
      node.children.set(key, child);
    }
    node = child;
  }
  if (!node.phrases.includes(phrase)) node.phrases.push(phrase);
}

/**
 * A stable 16-digit id for a tracker given without one (inline trackers), derived from its name so
 * repeated runs agree. FNV-1a over the name, reduced to 16 decimal digits.
 */
export function deriveTrackerId(name: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return String(1_000_000_000_000_000n + (hash % 9_000_000_000_000_000n));
}

/** Builds the tries for a set of trackers. Each distinct phrase is analysed once. */
export function compileTrackers(trackers: readonly MatcherTracker[], cache: PhraseCache = new Map()): CompiledTrackers {
  const compiled: CompiledTrackers = {
    trackers: trackers.map((tracker) => ({ id: tracker.id ?? deriveTrackerId(tracker.name), name: tracker.name, vocabulary: [...tracker.vocabulary] })),
    phrases: [],
    exact: createNode(),
    wordForms: createNode(),
  };
  const phraseIndex = new Map<string, number>();
  trackers.forEach((tracker, trackerIndex) => {
    for (const value of tracker.vocabulary) {
      const known = phraseIndex.get(value);
      if (known !== undefined) {
        const phrase = compiled.phrases[known];
        if (phrase && !phrase.trackers.includes(trackerIndex)) phrase.trackers.push(trackerIndex);
        continue;
      }
      let words = cache.get(value);
      if (!words) {
        words = analyzePhrase(value);
        cache.set(value, words);
      }
      const index = compiled.phrases.length;
      phraseIndex.set(value, index);
      compiled.phrases.push({ value, trackers: [trackerIndex], wordCount: words.length });
      // A phrase of punctuation only can never match; it is reported by validate, not here.
      if (words.length === 0) continue;
      insertPath(
        compiled.exact,
        words.map((word) => word.surface),
        index,
      );
      insertPath(
        compiled.wordForms,
        words.map((word) => word.lemma),
        index,
      );
      const normals = words.map((word) => word.normal);
      if (normals.some((normal, position) => normal !== words[position]?.lemma)) insertPath(compiled.wordForms, normals, index);
    }
  });
  return compiled;
}
