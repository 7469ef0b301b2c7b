import { loadMatcher } from "../match/analyze-text.js";
import { getAsyncState, getJobStatus, getVisibleResult } from "./async/async-state.js";
import { handleCreateExperience, handleViewExperience } from "./async/experiences.js";
import { handleAppendText, handleProcessText, notFound } from "./async/process-text.js";
import type { ExtensionContext, ExtensionHandler, ExtensionRequest, ExtensionResponse } from "./extension.js";

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function methodNotAllowed(method: string, pathname: string, allow: string): ExtensionResponse {
  return { status: 405, json: { message: `${method} is not allowed on ${pathname}; use ${allow}.` }, headers: { allow } };
}

function handleJob(jobId: string, context: ExtensionContext): ExtensionResponse {
  const job = getAsyncState(context).jobs.get(jobId);
  if (!job) return notFound(`Job ${jobId} does not exist.`);
  const status = getJobStatus(job, context.now());
  // Each poll moves the job one step on, so a polling client sees every documented status in order.
  job.polls += 1;
  return { status: 200, json: { id: job.id, status } };
}

function handleTrackersDetected(conversationId: string, context: ExtensionContext): ExtensionResponse {
  const conversation = getAsyncState(context).conversations.get(conversationId);
  if (!conversation) return notFound(`Conversation ${conversationId} does not exist.`);
  return { status: 200, json: getVisibleResult(conversation, context.now())?.detected ?? [] };
}

/**
 * The Async Text, Job, Conversation (trackers) and Experience API routes of the emulator. State is
 * in memory only, per emulator instance (see async/async-state.ts); it does not survive a restart.
 */
export const handleAsyncApi: ExtensionHandler = async (request: ExtensionRequest, context: ExtensionContext) => {
  const { method, pathname } = request;
  let match: RegExpExecArray | null;
  if (pathname.startsWith("/v1/process/text")) await loadMatcher();
  if (pathname === "/v1/process/text") return method === "POST" ? handleProcessText(request.body, context) : methodNotAllowed(method, pathname, "POST");
  if ((match = /^\/v1\/process\/text\/([^/]+)$/.exec(pathname))) {
    return method === "PUT" ? handleAppendText(decodeSegment(match[1]!), request.body, context) : methodNotAllowed(method, pathname, "PUT");
  }
  if ((match = /^\/v1\/job\/([^/]+)$/.exec(pathname))) return method === "GET" ? handleJob(decodeSegment(match[1]!), context) : methodNotAllowed(method, pathname, "GET");
  if ((match = /^\/v1\/conversations\/([^/]+)\/(trackers-detected|trackers)$/.exec(pathname))) {
    return method === "GET" ? handleTrackersDetected(decodeSegment(match[1]!), context) : methodNotAllowed(method, pathname, "GET");
  }
  if ((match = /^\/v1\/conversations\/([^/]+)\/experiences$/.exec(pathname))) {
    return method === "POST" ? handleCreateExperience(decodeSegment(match[1]!), request.body, context) : methodNotAllowed(method, pathname, "POST");
  }
  if ((match = /^\/experience\/([A-Za-z0-9_-]+)$/.exec(pathname))) {
    return method === "GET" || method === "HEAD" ? handleViewExperience(match[1]!, context) : methodNotAllowed(method, pathname, "GET");
  }
  return undefined;
};
