import { ASYNC } from "../contract/async-contract.js";
import { createErrorBody, matchPath } from "../contract/trackers-contract.js";
import { getAsyncState, getVisibleResult, pollJobStatus } from "./async/async-state.js";
import { loadMatcher } from "../match/analyze-text.js";
import { handleCreateExperience, handleViewExperience } from "./async/experiences.js";
import { handleAppendText, handleProcessText, notFound } from "./async/process-text.js";
import type { ExtensionContext, ExtensionHandler, ExtensionRequest, ExtensionResponse } from "./extension.js";

function methodNotAllowed(method: string, pathname: string, allow: string): ExtensionResponse {
  return { status: 405, json: createErrorBody(405, `${method} is not allowed on ${pathname}; use ${allow}.`), headers: { allow } };
}

function handleJob(jobId: string, context: ExtensionContext): ExtensionResponse {
  const job = getAsyncState(context).jobs.get(jobId);
  if (!job) return notFound(`Job ${jobId} does not exist.`);
  const status = pollJobStatus(job, context.now());
  return { status: ASYNC.job.successStatus, json: { id: job.id, status } };
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
  let params: Record<string, string> | undefined;
  // The NLP model is loaded on the first text job, so commands that never match phrases never load it.
  if (pathname.startsWith("/v1/process/text")) await loadMatcher();
  if (matchPath(ASYNC.processText, pathname)) return method === "POST" ? handleProcessText(request.body, context) : methodNotAllowed(method, pathname, "POST");
  if ((params = matchPath(ASYNC.appendText, pathname))) {
    return method === "PUT" ? handleAppendText(params.conversationId ?? "", request.body, context) : methodNotAllowed(method, pathname, "PUT");
  }
  if ((params = matchPath(ASYNC.job, pathname))) return method === "GET" ? handleJob(params.jobId ?? "", context) : methodNotAllowed(method, pathname, "GET");
  if ((params = matchPath(ASYNC.trackersDetected, pathname) ?? matchPath(ASYNC.trackersDeprecated, pathname))) {
    return method === "GET" ? handleTrackersDetected(params.conversationId ?? "", context) : methodNotAllowed(method, pathname, "GET");
  }
  if ((params = matchPath(ASYNC.createExperience, pathname))) {
    return method === "POST" ? handleCreateExperience(params.conversationId ?? "", request.body, context) : methodNotAllowed(method, pathname, "POST");
  }
  let match: RegExpExecArray | null;
  if ((match = /^\/experience\/([A-Za-z0-9_-]+)$/.exec(pathname))) {
    return method === "GET" || method === "HEAD" ? handleViewExperience(match[1]!, context) : methodNotAllowed(method, pathname, "GET");
  }
  return undefined;
};
