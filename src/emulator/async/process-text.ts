import { randomInt, randomUUID } from "node:crypto";
import { ASYNC, readBooleanFlag } from "../../contract/async-contract.js";
import { createErrorBody } from "../../contract/trackers-contract.js";
import { compileTrackers, deriveTrackerId } from "../../match/compile-trackers.js";
import { analyzeConversation, matchMessages } from "../../match/detect-trackers.js";
import type { MatcherTracker, TrackerDetected } from "../../match/trackers-detected.js";
import type { ExtensionContext, ExtensionResponse } from "../extension.js";
import { getAsyncState, type AsyncConversation, type AsyncJob, type DetectionResult, type StoredMessage, type TrackerSelection } from "./async-state.js";

export function badRequest(message: string): ExtensionResponse {
  return { status: 400, json: createErrorBody(400, message) };
}

export function notFound(message: string): ExtensionResponse {
  return { status: 404, json: createErrorBody(404, message) };
}

/** A 16-digit id like Symbl's conversation and message ids (a string, never a number). */
export function createDigitId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

interface ParsedRequest {
  name?: string;
  messages: Array<Omit<StoredMessage, "id">>;
  /** Undefined when the body names no trackers at all (an append then reuses the conversation's). */
  selection?: TrackerSelection;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseMessages(value: unknown): ParsedRequest["messages"] | string {
  if (!Array.isArray(value) || value.length === 0) return "The 'messages' field is required: an array of at least one message with payload.content.";
  const messages: ParsedRequest["messages"] = [];
  for (let index = 0; index < value.length; index += 1) {
    const message = value[index];
    if (!isObject(message) || !isObject(message.payload) || typeof message.payload.content !== "string") {
      return `messages[${index}].payload.content must be a string.`;
    }
    const parsed: ParsedRequest["messages"][number] = {
      payload: { content: message.payload.content, contentType: typeof message.payload.contentType === "string" ? message.payload.contentType : "text/plain" },
    };
    if (message.from !== undefined) {
      if (!isObject(message.from)) return `messages[${index}].from must be an object with name and userId.`;
      const from: { name?: string; userId?: string } = {};
      if (typeof message.from.name === "string") from.name = message.from.name;
      if (typeof message.from.userId === "string") from.userId = message.from.userId;
      parsed.from = from;
    }
    if (message.duration !== undefined) {
      if (!isObject(message.duration)) return `messages[${index}].duration must be an object with startTime and endTime.`;
      const duration: { startTime?: string; endTime?: string } = {};
      if (typeof message.duration.startTime === "string") duration.startTime = message.duration.startTime;
      if (typeof message.duration.endTime === "string") duration.endTime = message.duration.endTime;
      parsed.duration = duration;
    }
    messages.push(parsed);
  }
  return messages;
}

function parseSelection(body: Record<string, unknown>, allByDefault: boolean): TrackerSelection | undefined | string {
  if (body.trackers === undefined && body.enableAllTrackers === undefined) return undefined;
  // Symbl's Python SDK examples send boolean flags as the strings "true"/"false".
  const enableAllTrackers = readBooleanFlag(body.enableAllTrackers, "enableAllTrackers");
  if (typeof enableAllTrackers === "object") return enableAllTrackers.error;
  // Unset means the account's default: off in Gen-1, on in generation 2 ("enabled by default").
  const selection: TrackerSelection = { inline: [], ids: [], enableAllTrackers: enableAllTrackers ?? allByDefault };
  if (body.trackers === undefined) return selection;
  if (!Array.isArray(body.trackers)) return "'trackers' must be an array of {name, vocabulary} or {id} objects.";
  for (let index = 0; index < body.trackers.length; index += 1) {
    const tracker = body.trackers[index];
    if (isObject(tracker) && typeof tracker.id === "string" && tracker.name === undefined) {
      selection.ids.push(tracker.id);
    } else if (isObject(tracker) && typeof tracker.name === "string" && Array.isArray(tracker.vocabulary) && tracker.vocabulary.every((phrase) => typeof phrase === "string")) {
      selection.inline.push({ name: tracker.name, vocabulary: tracker.vocabulary as string[] });
    } else {
      return `trackers[${index}] must be either {"id": "<tracker id>"} or {"name": string, "vocabulary": string[]}.`;
    }
  }
  return selection;
}

function parseRequest(body: unknown, allByDefault = false): ParsedRequest | string {
  if (!isObject(body)) return "The request body must be a JSON object with a 'messages' array.";
  const messages = parseMessages(body.messages);
  if (typeof messages === "string") return messages;
  if (body.name !== undefined && typeof body.name !== "string") return "'name' must be a string.";
  const selection = parseSelection(body, allByDefault);
  if (typeof selection === "string") return selection;
  const parsed: ParsedRequest = { messages };
  if (typeof body.name === "string") parsed.name = body.name;
  if (selection) parsed.selection = selection;
  return parsed;
}

/** Resolves a selection against the account as it is now: later account changes do not apply. */
function resolveTrackers(selection: TrackerSelection, context: ExtensionContext): MatcherTracker[] | string {
  const resolved: MatcherTracker[] = [];
  const seen = new Set<string>();
  const add = (tracker: MatcherTracker & { id: string }) => {
    if (seen.has(tracker.id)) return;
    seen.add(tracker.id);
    resolved.push(tracker);
  };
  for (const id of selection.ids) {
    const tracker = context.getTracker(id);
    if (!tracker) return `Tracker with id ${id} does not exist in this account. Use an id from GET /v1/manage/trackers or pass the tracker inline as {name, vocabulary}.`;
    add({ id: tracker.id, name: tracker.name, vocabulary: [...tracker.vocabulary] });
  }
  if (selection.enableAllTrackers) for (const tracker of context.listTrackers()) add({ id: tracker.id, name: tracker.name, vocabulary: [...tracker.vocabulary] });
  for (const tracker of selection.inline) add({ id: deriveTrackerId(tracker.name), name: tracker.name, vocabulary: tracker.vocabulary });
  return resolved;
}

/** Appends the detections of newly processed messages to the previous ones, tracker by tracker. */
function mergeResults(previous: DetectionResult, added: DetectionResult): DetectionResult {
  const detected: TrackerDetected[] = previous.detected.map((tracker) => ({ ...tracker, matches: tracker.matches.map((match) => ({ ...match, messageRefs: [...match.messageRefs] })) }));
  for (const tracker of added.detected) {
    const existing = detected.find((candidate) => candidate.id === tracker.id);
    if (!existing) {
      detected.push(tracker);
      continue;
    }
    for (const match of tracker.matches) {
      const same = existing.matches.find((candidate) => candidate.value === match.value);
      if (same) same.messageRefs.push(...match.messageRefs);
      else existing.matches.push(match);
    }
  }
  return { detected, spans: [...previous.spans, ...added.spans] };
}

function submitJob(conversation: AsyncConversation, newMessages: StoredMessage[], trackers: MatcherTracker[], context: ExtensionContext): AsyncJob {
  const { detected, spans } = matchMessages(compileTrackers(trackers), analyzeConversation({ id: conversation.id, messages: newMessages }));
  conversation.latest = mergeResults(conversation.latest, { detected, spans });
  const job: AsyncJob = {
    id: randomUUID(),
    conversationId: conversation.id,
    sequence: conversation.jobs.length,
    createdAt: context.now(),
    polls: 0,
    result: conversation.latest,
    messageCount: conversation.messages.length,
  };
  conversation.jobs.push(job);
  getAsyncState(context).jobs.set(job.id, job);
  return job;
}

function assignIds(messages: ParsedRequest["messages"], taken: Set<string>): StoredMessage[] {
  return messages.map((message) => {
    let id = createDigitId();
    while (taken.has(id)) id = createDigitId();
    taken.add(id);
    return { id, ...message };
  });
}

/** POST /v1/process/text: stores the conversation and submits a job (201 {conversationId, jobId}). */
export function handleProcessText(body: unknown, context: ExtensionContext): ExtensionResponse {
  const allByDefault = context.detectAllTrackersByDefault === true;
  const parsed = parseRequest(body, allByDefault);
  if (typeof parsed === "string") return badRequest(parsed);
  const selection = parsed.selection ?? { inline: [], ids: [], enableAllTrackers: allByDefault };
  const trackers = resolveTrackers(selection, context);
  if (typeof trackers === "string") return badRequest(trackers);
  const state = getAsyncState(context);
  let conversationId = createDigitId();
  while (state.conversations.has(conversationId)) conversationId = createDigitId();
  const messages = assignIds(parsed.messages, new Set());
  const conversation: AsyncConversation = { id: conversationId, name: parsed.name ?? conversationId, messages, selection, jobs: [], latest: { detected: [], spans: [] } };
  state.conversations.set(conversationId, conversation);
  const job = submitJob(conversation, messages, trackers, context);
  return { status: ASYNC.processText.successStatus, json: { conversationId, jobId: job.id } };
}

/** PUT /v1/process/text/{conversationId}: appends messages and submits a new job over them. */
export function handleAppendText(conversationId: string, body: unknown, context: ExtensionContext): ExtensionResponse {
  const conversation = getAsyncState(context).conversations.get(conversationId);
  if (!conversation) return notFound(`Conversation ${conversationId} does not exist. Create it with POST /v1/process/text first.`);
  const parsed = parseRequest(body, context.detectAllTrackersByDefault === true);
  if (typeof parsed === "string") return badRequest(parsed);
  const selection = parsed.selection ?? conversation.selection;
  const trackers = resolveTrackers(selection, context);
  if (typeof trackers === "string") return badRequest(trackers);
  const messages = assignIds(parsed.messages, new Set(conversation.messages.map((message) => message.id)));
  conversation.messages.push(...messages);
  if (parsed.name !== undefined) conversation.name = parsed.name;
  const job = submitJob(conversation, messages, trackers, context);
  return { status: ASYNC.appendText.successStatus, json: { conversationId, jobId: job.id } };
}
