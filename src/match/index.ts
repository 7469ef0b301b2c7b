export { analyzeText, analyzePhrase, loadMatcher, type AnalyzedToken } from "./analyze-text.js";
export { compileTrackers, deriveTrackerId, type CompiledTrackers, type PhraseCache } from "./compile-trackers.js";
export { findOccurrences, MAX_GAP_WORDS, type PhraseOccurrence } from "./find-occurrences.js";
export { analyzeConversation, detectTrackers, matchMessages, matchText, type AnalyzedMessage, type ConversationMatches, type MatchSpan } from "./detect-trackers.js";
export type { Conversation, ConversationMessage } from "./conversation.js";
export type { MatcherTracker, MessageRef, TrackerDetected, TrackerMatch } from "./trackers-detected.js";
export { computeMatchImpact } from "./match-impact.js";
