import type { IncomingHttpHeaders } from "node:http";

/**
 * Why a request to the admin routes looks like it came from a web page, or undefined when it does not.
 * Loopback alone is no protection: any page open in the user's browser can send a cross-origin form POST
 * to http://127.0.0.1:4010/__emulator/reset (a "simple request" needs no CORS preflight), and that once
 * wiped the account. Browsers mark such requests with Origin and Sec-Fetch-Site and can only send form or
 * text content types without a preflight; curl, scripts and tracker-sync send none of these.
 */
export function describeBrowserRequest(headers: IncomingHttpHeaders): string | undefined {
  if (headers.origin !== undefined) return `it carries an Origin header (${headers.origin})`;
  const site = headers["sec-fetch-site"];
  // "none" is a user typing the URL into the address bar: a deliberate act, not a page's doing.
  if (site !== undefined && site !== "none") return `it carries Sec-Fetch-Site: ${String(site)}`;
  const type = headers["content-type"];
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) return `its content type is ${type}, not application/json`;
  return undefined;
}
