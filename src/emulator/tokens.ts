import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { EmulatorHttpError } from "./http-error.js";
import { describeJson } from "./tracker-validation.js";

/** The documented body for a missing, unknown or expired token (D-err). */
export const TOKEN_VALIDATION_FAILED = "Token validation failed for provided token.";

export interface TokenIssuer {
  /** POST /oauth2/token:generate: the same token with its remaining lifetime until it expires. */
  generate(body: unknown): { accessToken: string; expiresIn: number };
  /** Throws 401 unless the request carries a live token (Bearer, or the deprecated x-api-key). */
  authenticate(headers: IncomingHttpHeaders): void;
}

/**
 * Tokens live in memory only: after a restart clients get 401 and fetch a new one, as they must when
 * a real token expires. They are JWT-shaped opaque strings; nothing should parse them.
 */
export function createTokenIssuer(options: { appId: string; appSecret: string; ttlSeconds: number; now: () => number }): TokenIssuer {
  let current: { token: string; expiresAt: number } | undefined;

  function issue(): { token: string; expiresAt: number } {
    const issuedAt = options.now();
    const header = base64Url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = base64Url(JSON.stringify({ sub: options.appId, iat: Math.floor(issuedAt / 1000), jti: randomBytes(8).toString("hex") }));
    return { token: `${header}.${payload}.${randomBytes(32).toString("base64url")}`, expiresAt: issuedAt + options.ttlSeconds * 1000 };
  }

  function remainingSeconds(): number {
    return current ? Math.floor((current.expiresAt - options.now()) / 1000) : 0;
  }

  return {
    generate(body) {
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new EmulatorHttpError(400, `The token request must be a JSON object {"type": "application", "appId": string, "appSecret": string}, got ${describeJson(body)}.`);
      }
      const { type, appId, appSecret } = body as Record<string, unknown>;
      if (type !== "application") throw new EmulatorHttpError(400, `The token request needs "type": "application".`);
      if (typeof appId !== "string" || typeof appSecret !== "string") {
        throw new EmulatorHttpError(400, `The token request needs "appId" and "appSecret" strings.`);
      }
      if (appId !== options.appId || appSecret !== options.appSecret) {
        throw new EmulatorHttpError(401, "The appId or appSecret is not valid for this emulator; check SYMBL_APP_ID and SYMBL_APP_SECRET.");
      }
      if (!current || remainingSeconds() <= 0) {
        current = issue();
      }
      return { accessToken: current.token, expiresIn: remainingSeconds() };
    },
    authenticate(headers) {
      const token = readToken(headers);
      if (token === undefined || !current || token !== current.token || remainingSeconds() <= 0) {
        throw new EmulatorHttpError(401, TOKEN_VALIDATION_FAILED);
      }
    },
  };
}

function readToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  const apiKey = headers["x-api-key"];
  return typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined;
}

function base64Url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
