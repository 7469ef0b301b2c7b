/** Credentials the emulator accepts when none are given, documented so the quickstart needs no setup. */
export const DEFAULT_EMULATOR_APP_ID = "emulator-app-id";
export const DEFAULT_EMULATOR_APP_SECRET = "emulator-app-secret";
export const DEFAULT_EMULATOR_PORT = 8787;
