import type { MatchImpact, TrackerMatchImpact } from "../model/plan.js";
import type { TrackerInput } from "../model/tracker.js";
import { compileTrackers, type CompiledTrackers, type PhraseCache } from "./compile-trackers.js";
import type { Conversation } from "./conversation.js";
import { analyzeConversation, matchMessages, type AnalyzedMessage } from "./detect-trackers.js";

const MAX_EXAMPLES = 3;

interface MatchedMessages {
  /** message key → text, in conversation order */
  byTracker: Map<string, Map<string, string>>;
}

function collectMatchedMessages(compiled: CompiledTrackers, analysed: Array<{ conversationId: string; messages: AnalyzedMessage[] }>): MatchedMessages {
  const byTracker = new Map<string, Map<string, string>>();
  for (const { conversationId, messages } of analysed) {
    const texts = new Map(messages.map((message) => [message.id, message.text]));
    for (const span of matchMessages(compiled, messages).spans) {
      let matched = byTracker.get(span.trackerName);
      if (!matched) {
        matched = new Map();
        byTracker.set(span.trackerName, matched);
      }
      matched.set(`${conversationId}\u0000${span.messageId}`, texts.get(span.messageId) ?? "");
    }
  }
  return { byTracker };
}

function difference(from: Map<string, string> | undefined, minus: Map<string, string> | undefined): string[] {
  if (!from) return [];
  return [...from].filter(([key]) => !minus?.has(key)).map(([, text]) => text);
}

/**
 * What a change of definitions does to detections in the sample conversations: per tracker name, the
 * messages it matches after the change but not before (gained) and the reverse (lost). A message counts
 * once per tracker however many phrases match it. Trackers with no change are omitted; sorted by name.
 */
export function computeMatchImpact(input: { before: TrackerInput[]; after: TrackerInput[]; conversations: Conversation[] }): MatchImpact {
  const analysed = input.conversations.map((conversation) => ({ conversationId: conversation.id, messages: analyzeConversation(conversation) }));
  const cache: PhraseCache = new Map();
  const before = collectMatchedMessages(compileTrackers(input.before, cache), analysed);
  const after = collectMatchedMessages(compileTrackers(input.after, cache), analysed);
  const names = new Set([...input.before.map((tracker) => tracker.name), ...input.after.map((tracker) => tracker.name)]);
  const trackers: TrackerMatchImpact[] = [];
  for (const name of [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const gained = difference(after.byTracker.get(name), before.byTracker.get(name));
    const lost = difference(before.byTracker.get(name), after.byTracker.get(name));
    if (gained.length === 0 && lost.length === 0) continue;
    trackers.push({ name, gained: gained.length, lost: lost.length, examplesGained: gained.slice(0, MAX_EXAMPLES), examplesLost: lost.slice(0, MAX_EXAMPLES) });
  }
  return {
    conversations: input.conversations.length,
    messages: analysed.reduce((total, conversation) => total + conversation.messages.length, 0),
    trackers,
  };
}
