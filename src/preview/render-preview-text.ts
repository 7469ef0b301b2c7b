import { escapeTerminalText as safe } from "../escape/terminal-text.js";
import type { Preview } from "./build-preview.js";

const MAX_TEXT = 90;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : word.endsWith("ch") ? "es" : "s"}`;
}

/** The terminal report of `tracker-sync preview`: per tracker, each matching message and phrase. */
export function renderPreviewText(preview: Preview): string {
  const messageTotal = preview.conversations.reduce((total, conversation) => total + conversation.messages, 0);
  const lines = [`Preview: ${plural(preview.trackers.length, "tracker")} over ${plural(preview.conversations.length, "conversation")} (${plural(messageTotal, "message")}).`, ""];
  const silent: string[] = [];
  for (const tracker of preview.trackers) {
    if (tracker.matches === 0) {
      silent.push(safe(tracker.name));
      continue;
    }
    lines.push(`${safe(tracker.name)}: ${plural(tracker.matches, "match")} in ${plural(tracker.messages, "message")} of ${plural(tracker.conversations, "conversation")}`);
    for (const conversation of preview.conversations) {
      const detected = conversation.trackersDetected.find((candidate) => candidate.id === tracker.id);
      if (!detected) continue;
      for (const match of detected.matches) {
        for (const ref of match.messageRefs) {
          const kind = ref.offset >= 0 ? `exact at ${ref.offset}` : "word forms";
          lines.push(`  ${safe(conversation.id)} #${safe(ref.id)}  "${safe(match.value)}" (${kind}): ${safe(shorten(ref.text))}`);
        }
      }
    }
    lines.push("");
  }
  if (silent.length > 0) lines.push(`No matches: ${silent.join(", ")}`, "");
  return `${lines.join("\n").trimEnd()}\n`;
}
