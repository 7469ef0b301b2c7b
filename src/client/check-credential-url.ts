import { UserError } from "../errors.js";
import { isLoopbackHost } from "../net/loopback-host.js";

/**
 * Refuses an API URL that would carry credentials in clear text across a network. Plain http is fine
 * only to this machine (the local emulator); anywhere else the app secret and every bearer token could be
 * read or replayed by anyone on the path. Checked before the first request, so nothing is ever sent.
 */
export function checkCredentialUrl(baseUrl: string, setting: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError(`The API URL '${baseUrl}' (${setting}) is not a valid URL. Use https://api.symbl.ai, or http://127.0.0.1:PORT for the local emulator.`);
  }
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return;
  if (url.protocol === "http:") {
    throw new UserError(
      `Refusing to send Symbl credentials over plain http to ${url.origin} (${setting}): only https, or http to this machine (localhost, 127.0.0.0/8, ::1), may carry them. Use https://, or run the emulator locally.`,
    );
  }
  throw new UserError(`The API URL '${url.origin}' (${setting}) uses ${url.protocol}; only https (or http to localhost for the emulator) is supported.`);
}
