import { resolve } from "node:path";
import { UserError, EXIT_OK } from "../../errors.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../emulator/defaults.js";
import { startEmulator, type EmulatorOptions } from "../../emulator/start-emulator.js";
import type { CliIo } from "../io.js";
import { readApiGenerationFlag } from "../project-flags.js";
import { isLoopbackHost } from "../../net/loopback-host.js";

/** The flags as commander parsed them (camelCased); every value is still the text the user typed. */
export type EmulatorFlags = {
  host?: string;
  port?: string;
  data?: string;
  appId?: string;
  appSecret?: string;
  latencyMs?: string;
  failRate?: string;
  dropRate?: string;
  rateLimitRate?: string;
  retryAfter?: string;
  putMode?: string;
  seed?: string;
  apiGeneration?: string;
};

export async function run(values: EmulatorFlags, io: CliIo): Promise<number> {
  const options = readOptions(values, io.cwd, io.env);
  for (const warning of describeExposure(values, options)) io.stderr(`Warning: ${warning}\n`);
  const emulator = await startEmulator(options);
  io.stdout(describeStart(emulator.url, options));
  const signal = await io.waitForSignal();
  await emulator.close();
  io.stderr(`Received ${signal}; the emulator has stopped.\n`);
  return EXIT_OK;
}

export function readOptions(values: EmulatorFlags, cwd: string, env: Record<string, string | undefined> = {}): EmulatorOptions {
  const text = (name: keyof EmulatorFlags) => values[name];
  const appId = text("appId") ?? env[EMULATOR_APP_ID_ENV];
  const appSecret = text("appSecret") ?? env[EMULATOR_APP_SECRET_ENV];
  if ((appId === undefined) !== (appSecret === undefined)) {
    throw new UserError(`--app-id and --app-secret go together (as do ${EMULATOR_APP_ID_ENV} and ${EMULATOR_APP_SECRET_ENV}): give both, or neither to use the default test credentials.`);
  }
  if (appId === "" || appSecret === "") throw new UserError("--app-id and --app-secret must not be empty.");
  const host = text("host");
  if (host === "") throw new UserError("--host must not be empty; use e.g. 127.0.0.1.");
  const putMode = text("putMode");
  if (putMode !== undefined && putMode !== "append" && putMode !== "replace") {
    throw new UserError(`--put-mode must be "append" or "replace", got "${putMode}".`);
  }
  const data = text("data");
  if (data === "") throw new UserError("--data must name a file.");
  return {
    host,
    port: readInteger(text("port"), "--port", 0, 65_535),
    dataFile: data === undefined ? undefined : resolve(cwd, data),
    appId,
    appSecret,
    latencyMs: readInteger(text("latencyMs"), "--latency-ms", 0, 600_000),
    failRate: readProbability(text("failRate"), "--fail-rate"),
    dropRate: readProbability(text("dropRate"), "--drop-rate"),
    rateLimitRate: readProbability(text("rateLimitRate"), "--rate-limit-rate"),
    retryAfterSeconds: readInteger(text("retryAfter"), "--retry-after", 0, 86_400),
    putMode,
    seed: readInteger(text("seed"), "--seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    ...readApiGenerationFlag(text("apiGeneration")),
  };
}

const EMULATOR_APP_ID_ENV = "TRACKER_SYNC_EMULATOR_APP_ID";
const EMULATOR_APP_SECRET_ENV = "TRACKER_SYNC_EMULATOR_APP_SECRET";

/** What makes this emulator reachable or its secret readable by others; printed before it starts. */
export function describeExposure(values: EmulatorFlags, options: EmulatorOptions): string[] {
  const warnings: string[] = [];
  if (options.host !== undefined && !isLoopbackHost(options.host)) {
    warnings.push(
      `--host ${options.host} is not a loopback address, so other machines can reach the emulator's API with its credentials (the admin routes still answer only loopback). Use 127.0.0.1 unless you mean to share it.`,
    );
  }
  if (typeof values.appSecret === "string") {
    warnings.push(`--app-secret on the command line is visible to every local user (ps, shell history); set ${EMULATOR_APP_SECRET_ENV} instead.`);
  }
  return warnings;
}

function readInteger(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new UserError(`${flag} must be a whole number, got "${value}".`);
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min || number > max) throw new UserError(`${flag} must be between ${min} and ${max}, got ${value}.`);
  return number;
}

function readProbability(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new UserError(`${flag} must be a probability between 0 and 1 (e.g. 0.1), got "${value}".`);
  }
  return number;
}

function describeStart(url: string, options: EmulatorOptions): string {
  const custom = options.appId !== undefined;
  const lines = [
    `Symbl emulator listening on ${url}`,
    `  Data:       ${options.dataFile ?? "in memory (lost when the emulator stops; use --data FILE to keep it)"}`,
    ...(options.apiGeneration === 2 ? ["  API:        generation 2 (Symbl-managed trackers pre-added; Async API detects all trackers by default)"] : []),
    `  App id:     ${options.appId ?? DEFAULT_EMULATOR_APP_ID}`,
    // A custom secret is the user's own: never echo it.
    `  App secret: ${custom ? "(the value given with --app-secret)" : `${DEFAULT_EMULATOR_APP_SECRET} (public default test value)`}`,
    ...describeFaults(options),
    `  Point tracker-sync at it with:`,
    `    export SYMBL_API_URL=${url}`,
    `    export SYMBL_APP_ID=${options.appId ?? DEFAULT_EMULATOR_APP_ID}`,
    `    export SYMBL_APP_SECRET=${custom ? "<your --app-secret>" : DEFAULT_EMULATOR_APP_SECRET}`,
    `  Stop with Ctrl-C.`,
  ];
  return `${lines.join("\n")}\n`;
}

function describeFaults(options: EmulatorOptions): string[] {
  const active = [
    options.latencyMs ? `latencyMs=${options.latencyMs}` : "",
    options.failRate ? `failRate=${options.failRate}` : "",
    options.dropRate ? `dropRate=${options.dropRate}` : "",
    options.rateLimitRate ? `rateLimitRate=${options.rateLimitRate}` : "",
    options.retryAfterSeconds !== undefined ? `retryAfterSeconds=${options.retryAfterSeconds}` : "",
    options.putMode === "replace" ? "putMode=replace" : "",
  ].filter(Boolean);
  return active.length === 0 ? [] : [`  Faults:     ${active.join(", ")} (seed ${options.seed ?? 1}; change at run time with POST /__emulator/faults)`];
}
