import { diffWords } from "diff";

export interface PhraseEdit {
  from: string;
  to: string;
  /** The change word by word: kept words plain, `[-removed-]`, `{+added+}` (git diff --word-diff=plain). */
  words: string;
}

export interface PairedPhrases {
  /** Ordered as their new phrases appear in `added`. */
  edits: PhraseEdit[];
  added: string[];
  removed: string[];
}

/** More than half the words of the longer phrase must survive for a removed/added pair to read as one edit. */
const MIN_SHARED_WORDS = 0.5;
/** Trackers hold at most 50 phrases; a hostile live account could hold more, and pairing is quadratic. */
const MAX_CANDIDATE_PAIRS = 2_500;

/**
 * Pairs removed and added phrases of one tracker that are edits of each other ("refund my order" ->
 * "refund my orders"), so a reader sees the change instead of an unrelated deletion and addition. Pure and
 * deterministic: the most similar pairs are taken first, ties by list order, each phrase in at most one pair.
 * Conservative: only pairs sharing more than half the words of the longer phrase, so one- and two-word
 * phrases never pair ("double charge" -> "wrong charge" stays a removal and an addition). The plan itself is unchanged; this is presentation only.
 */
export function pairPhraseEdits(removed: readonly string[], added: readonly string[]): PairedPhrases {
  const candidates: Array<{ removedIndex: number; addedIndex: number; shared: number; words: string }> = [];
  if (removed.length * added.length <= MAX_CANDIDATE_PAIRS) {
    removed.forEach((from, removedIndex) => {
      added.forEach((to, addedIndex) => {
        const candidate = compareWords(from, to);
        if (candidate) candidates.push({ removedIndex, addedIndex, ...candidate });
      });
    });
  }
  candidates.sort((a, b) => b.shared - a.shared || a.removedIndex - b.removedIndex || a.addedIndex - b.addedIndex);
  const usedRemoved = new Set<number>();
  const editByAdded = new Map<number, PhraseEdit>();
  for (const candidate of candidates) {
    if (usedRemoved.has(candidate.removedIndex) || editByAdded.has(candidate.addedIndex)) continue;
    usedRemoved.add(candidate.removedIndex);
    editByAdded.set(candidate.addedIndex, { from: removed[candidate.removedIndex]!, to: added[candidate.addedIndex]!, words: candidate.words });
  }
  return {
    edits: [...editByAdded.entries()].sort(([a], [b]) => a - b).map(([, edit]) => edit),
    added: added.filter((_, index) => !editByAdded.has(index)),
    removed: removed.filter((_, index) => !usedRemoved.has(index)),
  };
}

function compareWords(from: string, to: string): { shared: number; words: string } | undefined {
  const longest = Math.max(countWords(from), countWords(to));
  const parts = diffWords(from, to);
  const shared = parts.filter((part) => !part.added && !part.removed).reduce((sum, part) => sum + countWords(part.value), 0);
  if (shared === 0 || shared / longest <= MIN_SHARED_WORDS || shared === longest) return undefined;
  const words = parts.map((part) => (part.removed ? `[-${part.value}-]` : part.added ? `{+${part.value}+}` : part.value)).join("");
  return { shared: shared / longest, words };
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
