import { analyzeText, type AnalyzedToken } from "./analyze-text.js";
import type { CompiledTrackers } from "./compile-trackers.js";
import { resolveMessageId, type Conversation } from "./conversation.js";
import { findOccurrences } from "./find-occurrences.js";
import type { MessageRef, TrackerDetected } from "./trackers-detected.js";

/** A highlighted range of a message, for the HTML report. */
export interface MatchSpan {
  messageId: string;
  start: number;
  end: number;
  trackerId: string;
  trackerName: string;
  value: string;
  exact: boolean;
}

/** The documented detection output plus the spans behind it. */
export interface ConversationMatches {
  detected: TrackerDetected[];
  spans: MatchSpan[];
}

/** A message already tokenised, so several tracker sets can be matched without re-analysing it. */
export interface AnalyzedMessage {
  id: string;
  text: string;
  tokens: AnalyzedToken[];
}

/** Tokenises every message of a conversation once. */
export function analyzeConversation(conversation: Conversation): AnalyzedMessage[] {
  return conversation.messages.map((message, index) => {
    const text = message.payload.content;
    return { id: resolveMessageId(message, index), text, tokens: analyzeText(text) };
  });
}

/**
 * Matches compiled trackers against analysed messages and builds the documented `trackers-detected`
 * array: trackers in input order, matches in vocabulary order, refs in message order. Each exact
 * occurrence gives a ref with its character offset; occurrences only found on word forms give one
 * ref with offset -1 per message. Trackers without matches are omitted.
 */
export function matchMessages(compiled: CompiledTrackers, messages: readonly AnalyzedMessage[]): ConversationMatches {
  // tracker index → phrase value → refs, filled in message order. Sparse: a conversation usually
  // touches few of the trackers, and allocating per tracker would cost more than the matching.
  const refs = new Map<number, Map<string, MessageRef[]>>();
  const spans: MatchSpan[] = [];
  for (const message of messages) {
    const occurrences = findOccurrences(compiled, message.tokens).sort((a, b) => a.start - b.start || Number(b.exact) - Number(a.exact));
    const wordFormReported = new Set<string>();
    for (const occurrence of occurrences) {
      const phrase = compiled.phrases[occurrence.phrase];
      if (!phrase) continue;
      for (const trackerIndex of phrase.trackers) {
        const tracker = compiled.trackers[trackerIndex];
        if (!tracker) continue;
        let byValue = refs.get(trackerIndex);
        if (!byValue) {
          byValue = new Map();
          refs.set(trackerIndex, byValue);
        }
        spans.push({ messageId: message.id, start: occurrence.start, end: occurrence.end, trackerId: tracker.id, trackerName: tracker.name, value: phrase.value, exact: occurrence.exact });
        if (!occurrence.exact) {
          const key = `${trackerIndex}\u0000${occurrence.phrase}`;
          if (wordFormReported.has(key)) continue;
          wordFormReported.add(key);
        }
        let list = byValue.get(phrase.value);
        if (!list) {
          list = [];
          byValue.set(phrase.value, list);
        }
        list.push({ id: message.id, text: message.text, offset: occurrence.exact ? occurrence.start : -1 });
      }
    }
  }
  const detected: TrackerDetected[] = [];
  for (const trackerIndex of [...refs.keys()].sort((a, b) => a - b)) {
    const tracker = compiled.trackers[trackerIndex]!;
    const byValue = refs.get(trackerIndex)!;
    const matches = [...new Set(tracker.vocabulary)]
      .filter((value) => byValue.has(value))
      .map((value) => ({ type: "vocabulary" as const, value, messageRefs: byValue.get(value) ?? [], insightRefs: [] }));
    detected.push({ id: tracker.id, name: tracker.name, matches });
  }
  return { detected, spans };
}

/** What the trackers detect in one conversation, in the documented `trackers-detected` shape. */
export function detectTrackers(compiled: CompiledTrackers, conversation: Conversation): TrackerDetected[] {
  return matchMessages(compiled, analyzeConversation(conversation)).detected;
}

/** Which phrases of the compiled trackers match a single text (used by `tracker-sync test`). */
export function matchText(compiled: CompiledTrackers, text: string): ConversationMatches {
  return matchMessages(compiled, [{ id: "1", text, tokens: analyzeText(text) }]);
}
