import { randomBytes } from "node:crypto";
import { escapeHtml, renderReportHtml } from "../../preview/render-report-html.js";
import type { ExtensionContext, ExtensionResponse } from "../extension.js";
import { ASYNC, EXPERIENCE_NAMES, isExperienceName } from "../../contract/async-contract.js";
import { getAsyncState, getVisibleResult, type Experience } from "./async-state.js";
import { badRequest, notFound } from "./process-text.js";

const EXPERIENCE_TITLES: Record<Experience["name"], string> = {
  "audio-summary": "Trackers & Analytics",
  "verbose-text-summary": "Text Summary",
  "video-summary": "Video Summary",
};

/** Symbl's documented default lifetime of a summary URL: 30 days. 0 means it never expires. */
export const DEFAULT_SUMMARY_URL_EXPIRES_IN = 2_592_000;

const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const FONT_FAMILY = /^[\p{L}\p{N} -]{1,64}$/u;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function parseExperience(body: unknown, conversationId: string, now: number): Omit<Experience, "token"> | string {
  if (!isObject(body)) return "The request body must be a JSON object with a 'name'.";
  if (!isExperienceName(body.name)) return `'name' must be one of ${EXPERIENCE_NAMES.map((name) => `'${name}'`).join(", ")}.`;
  // The reference table spells it audioURL, its sample audioUrl; both are read.
  const mediaKey = body.name === "audio-summary" ? (body.audioUrl === undefined && body.audioURL !== undefined ? "audioURL" : "audioUrl") : "videoUrl";
  const mediaUrl = body.name === "verbose-text-summary" ? undefined : body[mediaKey];
  if (body.name !== "verbose-text-summary") {
    const what = body.name === "audio-summary" ? "the audio URL that was submitted to the Async API for this conversation" : "the URL of the video to summarise";
    if (mediaUrl === undefined) return `'${mediaKey}' is mandatory for '${body.name}': send ${what}.`;
    if (!isHttpUrl(mediaUrl)) return `'${mediaKey}' must be an http(s) URL: ${what}.`;
  }
  const experience: Omit<Experience, "token"> = { conversationId, name: body.name, createdAt: now, expiresAt: null, colors: {}, readOnly: false };
  if (typeof mediaUrl === "string") experience.mediaUrl = mediaUrl;
  if (body.color !== undefined) {
    if (!isObject(body.color)) return "'color' must be an object with background, topicsFilter and insightsFilter hex colours.";
    for (const key of ["background", "topicsFilter", "insightsFilter"] as const) {
      const value = body.color[key];
      if (value === undefined) continue;
      if (typeof value !== "string" || !HEX_COLOR.test(value)) return `color.${key} must be a hex colour such as "#1a2b3c".`;
      experience.colors[key] = value;
    }
  }
  if (body.font !== undefined) {
    if (!isObject(body.font)) return '\'font\' must be an object such as {"family": "Roboto"}.';
    // Pipedream's Symbl integration sends font: {} when no family is chosen: the default font.
    if (body.font.family !== undefined) {
      if (typeof body.font.family !== "string" || !FONT_FAMILY.test(body.font.family)) return 'font.family must be a font name (letters, digits, spaces and dashes), such as "Roboto".';
      experience.fontFamily = body.font.family;
    }
  }
  for (const [key, field] of [
    ["logo", "logoUrl"],
    ["favicon", "faviconUrl"],
  ] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (!isHttpUrl(value)) return `'${key}' must be a public http(s) URL.`;
    experience[field] = value;
  }
  if (body.readOnly !== undefined) {
    if (typeof body.readOnly !== "boolean") return "'readOnly' must be a boolean.";
    experience.readOnly = body.readOnly;
  }
  const expiresIn = body.summaryURLExpiresIn ?? DEFAULT_SUMMARY_URL_EXPIRES_IN;
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn < 0) return "'summaryURLExpiresIn' must be a whole number of seconds (0 = never expires).";
  experience.expiresAt = expiresIn === 0 ? null : now + expiresIn * 1000;
  if (body.enableCustomDomain !== undefined && typeof body.enableCustomDomain !== "boolean") return "'enableCustomDomain' must be a boolean.";
  // Symbl documents custom domains for the text and video summaries but not for audio-summary. The emulator
  // has no custom domain, so for the others the URL stays the emulator's own.
  if (body.enableCustomDomain === true && body.name === "audio-summary") return "'enableCustomDomain' is not supported for 'audio-summary' (Trackers & Analytics UI).";
  if (body.disableSummaryURLAuthentication !== undefined) return "'disableSummaryURLAuthentication' is not supported: summary URLs are always authenticated.";
  return experience;
}

/** POST /v1/conversations/{id}/experiences → 201 { name, url } with an opaque, unguessable URL. */
export function handleCreateExperience(conversationId: string, body: unknown, context: ExtensionContext): ExtensionResponse {
  const state = getAsyncState(context);
  if (!state.conversations.has(conversationId)) return notFound(`Conversation ${conversationId} does not exist.`);
  const parsed = parseExperience(body, conversationId, context.now());
  if (typeof parsed === "string") return badRequest(parsed);
  const token = randomBytes(24).toString("base64url");
  state.experiences.set(token, { token, ...parsed });
  return { status: ASYNC.createExperience.successStatus, json: { name: parsed.name, url: `${context.baseUrl}/experience/${token}` } };
}

function renderNotice(status: number, title: string, message: string): ExtensionResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family: system-ui, sans-serif; margin: 3rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>\n`;
  return { status, html };
}

/** GET /experience/{token}: the Trackers & Analytics page, 404 for an unknown URL, 410 once expired. */
export function handleViewExperience(token: string, context: ExtensionContext): ExtensionResponse {
  const state = getAsyncState(context);
  const experience = state.experiences.get(token);
  const conversation = experience && state.conversations.get(experience.conversationId);
  if (!experience || !conversation) return renderNotice(404, "Summary not found", "This summary URL does not exist. Create one with POST /v1/conversations/{conversationId}/experiences.");
  const now = context.now();
  if (experience.expiresAt !== null && now >= experience.expiresAt) {
    return renderNotice(410, "Summary link expired", "This summary URL has expired (summaryURLExpiresIn). Create a new one with POST /v1/conversations/{conversationId}/experiences.");
  }
  const result = getVisibleResult(conversation, now);
  const title = `${EXPERIENCE_TITLES[experience.name]}: ${conversation.name}`;
  const html = renderReportHtml(
    [
      {
        id: conversation.id,
        name: conversation.name,
        messages: conversation.messages.map((message) => {
          const entry: { id: string; text: string; speaker?: string; startTime?: string } = { id: message.id, text: message.payload.content };
          const speaker = message.from?.name ?? message.from?.userId;
          if (speaker !== undefined) entry.speaker = speaker;
          if (message.duration?.startTime !== undefined) entry.startTime = message.duration.startTime;
          return entry;
        }),
        detected: result?.detected ?? [],
        spans: result?.spans ?? [],
      },
    ],
    {
      title,
      ...(result
        ? experience.mediaUrl !== undefined
          ? { subtitle: `Media ${experience.mediaUrl} (the emulator shows the conversation's messages; it does not play media).` }
          : {}
        : { subtitle: "Processing has not completed yet: no trackers to show." }),
      colors: experience.colors,
      ...(experience.fontFamily !== undefined ? { fontFamily: experience.fontFamily } : {}),
      ...(experience.logoUrl !== undefined ? { logoUrl: experience.logoUrl } : {}),
      ...(experience.faviconUrl !== undefined ? { faviconUrl: experience.faviconUrl } : {}),
      readOnly: experience.readOnly,
    },
  );
  return { status: 200, html, headers: { "cache-control": "no-store" } };
}
