/** One message in the Async Text API request shape (`POST /v1/process/text`). */
export interface ConversationMessage {
  /** Message id; when absent the matcher uses the 1-based position in the conversation ("1", "2", ...). */
  id?: string;
  payload: { content: string; contentType?: string };
  from?: { name?: string; userId?: string };
  duration?: { startTime?: string; endTime?: string };
}

/** A sample conversation: the Async Text API `messages` plus an id (the file name for samples). */
export interface Conversation {
  id: string;
  name?: string;
  messages: ConversationMessage[];
}

/** The id the matcher reports for a message: its own id, or its 1-based position. */
export function resolveMessageId(message: ConversationMessage, index: number): string {
  return message.id ?? String(index + 1);
}
