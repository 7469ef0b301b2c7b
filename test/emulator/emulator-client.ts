import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** A minimal raw HTTP client for contract tests: no retries, no interpretation. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(options.headers ?? {}) };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function fetchToken(url: string, credentials = { appId: DEFAULT_EMULATOR_APP_ID, appSecret: DEFAULT_EMULATOR_APP_SECRET }): Promise<string> {
  const response = await call(url, "POST", "/oauth2/token:generate", { body: { type: "application", ...credentials } });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
  return response.json.accessToken as string;
}

/** Phrases that pass every content rule: "phrase a", "phrase b", ... */
export function phrases(count: number, prefix = "phrase"): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix} ${toLetters(index)}`);
}

function toLetters(index: number): string {
  let value = index;
  let letters = "";
  do {
    letters = String.fromCharCode(97 + (value % 26)) + letters;
    value = Math.floor(value / 26) - 1;
  } while (value >= 0);
  return letters;
}
