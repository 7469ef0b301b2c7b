import { UserError } from "../errors.js";
import { stripHtml } from "./strip-html.js";

/**
 * A request to the Symbl API that did not succeed. The message reads like
 * `POST /v1/manage/trackers failed: 409 Conflict: <server message>` and never holds a secret.
 */
export class ApiError extends UserError {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    /** HTTP status, or undefined when no response arrived (timeout, dropped connection). */
    readonly status: number | undefined,
    readonly serverMessage: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function describeStatus(status: number, statusText?: string): string {
  const text = statusText && statusText.length > 0 ? statusText : STATUS_TEXT[status];
  return text ? `${status} ${text}` : String(status);
}

/**
 * The server's explanation from an error body. Symbl documents `{ message }` (sometimes with `statusCode`);
 * gateways answer 502/504 with HTML, so anything else is reduced to a short line of text.
 * `redact` runs on the whole body first: shortening first could cut a secret in half, and the half that
 * is left would no longer match (and leak).
 */
export function extractServerMessage(bodyText: string, redact: (text: string) => string = (text) => text): string {
  const trimmed = redact(bodyText).trim();
  if (trimmed.length === 0) return "(empty response body)";
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      for (const key of ["message", "error", "detail"]) {
        const value = record[key];
        if (typeof value === "string" && value.length > 0) return shorten(value);
      }
    }
    return shorten(trimmed);
  } catch {
    const withoutTags = stripHtml(trimmed).replace(/\s+/g, " ").trim();
    return shorten(withoutTags.length > 0 ? withoutTags : "(unreadable response body)");
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}
