import { readdir } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.js";
import type { Conversation, ConversationMessage } from "../match/conversation.js";
import { checkInsideBoundary, type ProjectBoundary } from "../load/project-boundary.js";
import { readBoundedFile } from "../load/read-bounded-file.js";

/** A long call transcript is a few hundred KB; this is far above any real one and still fits in memory. */
const MAX_CONVERSATION_BYTES = 32 * 1024 * 1024;

function describeProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "the file must hold a JSON object with a `messages` array";
  const messages = (value as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return "`messages` must be an array of Async Text API messages";
  for (let index = 0; index < messages.length; index += 1) {
    const message = messages[index] as { payload?: { content?: unknown }; id?: unknown } | null;
    if (typeof message !== "object" || message === null) return `messages[${index}] must be an object`;
    if (typeof message.payload?.content !== "string") return `messages[${index}].payload.content must be a string`;
    if (message.id !== undefined && typeof message.id !== "string") return `messages[${index}].id must be a string when present`;
  }
  const name = (value as { name?: unknown }).name;
  if (name !== undefined && typeof name !== "string") return "`name` must be a string when present";
  return undefined;
}

/**
 * Reads every `*.json` file of a directory as one conversation (`{ name?, messages }`, the Async Text
 * API request shape), sorted by file name; the conversation id is the file name without `.json`.
 * With `optional`, a missing directory gives no conversations instead of an error.
 */
export async function loadConversations(dir: string, options: { optional?: boolean; boundary?: ProjectBoundary } = {}): Promise<Conversation[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && options.optional) return [];
    if (code === "ENOENT") throw new UserError(`The conversations directory ${dir} does not exist. Create it with one JSON file per conversation, or pass --conversations DIR.`);
    if (code === "ENOTDIR") throw new UserError(`${dir} is not a directory. Point --conversations (or 'conversations' in tracker-sync.yaml) at a directory of JSON files.`);
    throw new UserError(`Could not read the conversations directory ${dir}: ${(error as Error).message}.`);
  }
  const conversations: Conversation[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    // Refused in the Action; on the CLI the directory's own warning (at load) is enough.
    await checkInsideBoundary(options.boundary, `The conversation file '${file}'`, file);
    const read = await readBoundedFile(file, MAX_CONVERSATION_BYTES);
    if (!read.ok) {
      const why = read.reason === "too-large" ? `it is larger than ${MAX_CONVERSATION_BYTES / 1024 / 1024} MiB` : `it is ${read.kind}, not a regular file`;
      throw new UserError(`Cannot read the conversation ${file}: ${why}. Keep only conversation JSON files in the conversations directory.`);
    }
    const text = read.content.toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UserError(`${file} is not valid JSON (${(error as Error).message}). Fix the file or remove it from the conversations directory.`);
    }
    const problem = describeProblem(value);
    if (problem) throw new UserError(`${file} is not a conversation: ${problem}.`);
    const record = value as { name?: string; messages: ConversationMessage[] };
    const conversation: Conversation = { id: name.slice(0, -".json".length), messages: record.messages };
    if (record.name !== undefined) conversation.name = record.name;
    conversations.push(conversation);
  }
  return conversations;
}
