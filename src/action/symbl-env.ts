import type { ActionInputs } from "./inputs.js";

export interface SymblEnv {
  /** The environment createTrackersApi reads: credentials and base URL only, nothing else of the job's. */
  env: Record<string, string | undefined>;
  hasCredentials: boolean;
  /** Values to mask in the log. */
  secrets: string[];
}

/** Credentials from the inputs, else from SYMBL_* variables the workflow set on the step. */
export function resolveSymblEnv(inputs: ActionInputs, env: Record<string, string | undefined>): SymblEnv {
  const pick = (input: string | undefined, name: string) => input ?? (env[name]?.trim() || undefined);
  const appId = pick(inputs.symblAppId, "SYMBL_APP_ID");
  const appSecret = pick(inputs.symblAppSecret, "SYMBL_APP_SECRET");
  const apiUrl = pick(inputs.symblApiUrl, "SYMBL_API_URL");
  return {
    env: { SYMBL_APP_ID: appId, SYMBL_APP_SECRET: appSecret, SYMBL_API_URL: apiUrl },
    hasCredentials: Boolean(appId && appSecret),
    secrets: [appId, appSecret].filter((value): value is string => Boolean(value)),
  };
}
