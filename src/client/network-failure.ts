import { UserError } from "../errors.js";

/** Where the base URL came from, so a message can name the setting to fix. */
export type ApiUrlSource = "SYMBL_API_URL" | "apiUrl in the config file" | "the default";

export interface NetworkFailure {
  /** Retrying cannot help: the request never left this machine and the next attempt would fail the same way. */
  permanent: boolean;
  /** What happened, e.g. "connection refused". */
  reason: string;
  /** What to check, naming the setting. */
  advice: string;
}

const EMULATOR_HINT = "for the local emulator, start 'tracker-sync emulator' and use the URL it prints";

/**
 * Reads the error code of a failed request (node:http puts it on the error, fetch on its cause) and says
 * whether another attempt could succeed. A refused connection, an unknown host or a failed TLS handshake
 * happen before anything is sent, so they are permanent and safe to report without looking at the account.
 */
export function classifyNetworkFailure(cause: unknown, baseUrl: string, source: ApiUrlSource): NetworkFailure {
  const code = readErrorCode(cause);
  const host = hostOf(baseUrl);
  switch (code) {
    case "ECONNREFUSED":
      return {
        permanent: true,
        reason: `connection refused: nothing is listening at ${host}`,
        advice: `Check ${source} (host and port; ${EMULATOR_HINT}).`,
      };
    case "ENOTFOUND":
      return {
        permanent: true,
        reason: `unknown host '${hostnameOf(baseUrl)}'`,
        advice: `Check the host name in ${source} (Symbl's API is https://api.symbl.ai; ${EMULATOR_HINT}).`,
      };
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
    case "ERR_SSL_PACKET_LENGTH_TOO_LONG":
      return {
        permanent: true,
        reason: "the TLS handshake failed",
        advice: `Check the scheme in ${source}: the emulator speaks http://, Symbl's API https://.`,
      };
    case "ERR_INVALID_URL":
    case "ERR_INVALID_PROTOCOL":
      return { permanent: true, reason: "the URL is not valid", advice: `Check ${source}; it must start with http:// or https://.` };
    default:
      return {
        permanent: false,
        reason: code ? `a network error (${code})` : "the connection closed without a response",
        advice: `Check ${source} and the network; running the command again retries.`,
      };
  }
}

/** The base URL must be an absolute http(s) URL; "localhost:8787" would otherwise be read as a scheme. */
export function checkApiUrl(baseUrl: string, source: ApiUrlSource): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(baseUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname === "") {
    throw new UserError(
      `${source} is "${withoutUserInfo(baseUrl)}", which is not an http:// or https:// URL. Include the scheme and host, e.g. http://127.0.0.1:8787 for the local emulator or https://api.symbl.ai (the default).`,
    );
  }
}

function readErrorCode(cause: unknown): string | undefined {
  const record = cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = record?.code ?? record?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

function hostOf(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return url.port ? `${url.hostname}:${url.port}` : `${url.hostname} (port ${url.protocol === "https:" ? 443 : 80})`;
  } catch {
    return baseUrl;
  }
}

function hostnameOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return baseUrl;
  }
}

// A URL may carry user:password@; never repeat that part.
function withoutUserInfo(text: string): string {
  return text.replace(/\/\/[^/@]*@/, "//");
}
