import type { CompiledTrackers } from "../match/compile-trackers.js";
import type { Conversation } from "../match/conversation.js";
import { analyzeConversation, matchMessages } from "../match/detect-trackers.js";
import type { TrackerDetected } from "../match/trackers-detected.js";
import type { ReportConversation } from "./render-report-html.js";

export const PREVIEW_FORMAT_VERSION = 1;

export interface PreviewTrackerSummary {
  id: string;
  name: string;
  /** Message refs over all conversations (an exact phrase twice in one message counts twice). */
  matches: number;
  messages: number;
  conversations: number;
}

/** What each tracker detects in each sample conversation: the JSON output of `tracker-sync preview`. */
export interface Preview {
  formatVersion: typeof PREVIEW_FORMAT_VERSION;
  conversations: Array<{ id: string; name?: string; messages: number; trackersDetected: TrackerDetected[] }>;
  /** Every tracker, in definition order, including those with no matches. */
  trackers: PreviewTrackerSummary[];
}

/** Matches compiled trackers against every conversation; returns the preview and the page model. */
export function buildPreview(compiled: CompiledTrackers, conversations: readonly Conversation[]): { preview: Preview; report: ReportConversation[] } {
  // Counts, not sets of keys: message ids are unique within a conversation, so distinct messages are
  // counted per conversation. Sets over the whole run grew with the output and made GC cost superlinear.
  const totals = new Map(compiled.trackers.map((tracker) => [tracker.id, { matches: 0, messages: 0, conversations: 0 }]));
  const messagesInConversation = new Set<string>();
  const report: ReportConversation[] = [];
  const previewConversations: Preview["conversations"] = [];
  for (const conversation of conversations) {
    const analysed = analyzeConversation(conversation);
    const { detected, spans } = matchMessages(compiled, analysed);
    for (const tracker of detected) {
      const total = totals.get(tracker.id);
      if (!total) continue;
      total.conversations += 1;
      messagesInConversation.clear();
      for (const match of tracker.matches) {
        total.matches += match.messageRefs.length;
        for (const ref of match.messageRefs) messagesInConversation.add(ref.id);
      }
      total.messages += messagesInConversation.size;
    }
    const entry: Preview["conversations"][number] = { id: conversation.id, messages: conversation.messages.length, trackersDetected: detected };
    if (conversation.name !== undefined) entry.name = conversation.name;
    previewConversations.push(entry);
    const reportEntry: ReportConversation = {
      id: conversation.id,
      messages: conversation.messages.map((message, index) => {
        const reportMessage: ReportConversation["messages"][number] = { id: analysed[index]!.id, text: message.payload.content };
        const speaker = message.from?.name ?? message.from?.userId;
        if (speaker !== undefined) reportMessage.speaker = speaker;
        if (message.duration?.startTime !== undefined) reportMessage.startTime = message.duration.startTime;
        return reportMessage;
      }),
      detected,
      spans,
    };
    if (conversation.name !== undefined) reportEntry.name = conversation.name;
    report.push(reportEntry);
  }
  const trackers = compiled.trackers.map((tracker) => {
    const total = totals.get(tracker.id)!;
    return { id: tracker.id, name: tracker.name, matches: total.matches, messages: total.messages, conversations: total.conversations };
  });
  return { preview: { formatVersion: PREVIEW_FORMAT_VERSION, conversations: previewConversations, trackers }, report };
}
