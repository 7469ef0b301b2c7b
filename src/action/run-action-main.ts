import { createTrackersApi } from "../client/create-trackers-api.js";
import { createTrackersApiGen2 } from "../client/trackers-api-gen2.js";
import { createActionApiFactory } from "./api-origin.js";
import { UserError } from "../errors.js";
import type { ActionIo } from "./action-io.js";
import { createGitHubClient, type GitHubClient } from "./create-github-client.js";
import { readGitHubContext } from "./github-context.js";
import { parseActionInputs } from "./inputs.js";
import { runCommand } from "./run-action.js";
import { resolveSymblEnv } from "./symbl-env.js";

/**
 * The runner as the action sees it. main.ts builds it over @actions/core and the real process; tests build one
 * that records the same workflow commands in memory, so most Action tests run in-process.
 */
export interface ActionRuntime {
  getInput(name: string): string;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Directory for files later steps may read (RUNNER_TEMP/tracker-sync on a runner). */
  tempDir: string;
  /**
   * Space GitHub writes as GitHub asks (secondary rate limits). Octokit's spacing is shared by the whole process,
   * so in-process tests, which run many jobs in one process against a local fake, turn it off.
   */
  throttleGitHubWrites: boolean;
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  error(message: string, properties?: Record<string, unknown>): void;
  warning(message: string, properties?: Record<string, unknown>): void;
  info(text: string): void;
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  /** The process exit code for outcomes that are not plain failures (3: refused by a safety guard). */
  setExitCode(code: number): void;
}

/** Reads inputs once, builds the clients, runs the command and turns the outcome into the job's status. */
export async function runActionMain(runtime: ActionRuntime): Promise<void> {
  try {
    await runWithRuntime(runtime);
  } catch (error) {
    runtime.setFailed(describeFailure(error));
  }
}

async function runWithRuntime(runtime: ActionRuntime): Promise<void> {
  const inputs = parseActionInputs((name) => runtime.getInput(name));
  const symbl = resolveSymblEnv(inputs, runtime.env);
  const secrets = new Set<string>();
  const setSecret = (value: string) => {
    if (value === "") return;
    secrets.add(value);
    runtime.setSecret(value);
  };
  for (const secret of [...symbl.secrets, inputs.githubToken ?? ""]) setSecret(secret);
  const github = readGitHubContext(runtime.env, runtime.cwd);

  const io: ActionIo = {
    setSecret,
    redact: (text) => [...secrets].reduce((result, secret) => result.split(secret).join("***"), text),
    setOutput: (name, value) => runtime.setOutput(name, value),
    annotate: ({ level, message, properties }) => (level === "error" ? runtime.error(message, properties) : runtime.warning(message, properties)),
    info: (text) => runtime.info(text),
    warning: (text) => runtime.warning(text),
    writeSummary: (markdown) => runtime.appendSummary(markdown),
    tempDir: runtime.tempDir,
  };

  let octokit: GitHubClient | undefined;
  const outcome = await runCommand({
    inputs,
    github,
    io,
    symbl,
    octokit: () => {
      if (!inputs.githubToken) throw new UserError("The github-token input is empty; leave it at its default (${{ github.token }}) or pass a token.");
      return (octokit ??= createGitHubClient({ token: inputs.githubToken, baseUrl: github.apiUrl, throttle: runtime.throttleGitHubWrites }));
    },
    // Credentials go only to the API the workflow names; a config apiUrl is repository (pull-request) content.
    createApi: createActionApiFactory(symbl, { configFile: inputs.config ?? "tracker-sync.yaml", onSecret: setSecret }),
    processEnv: runtime.env,
    // Environments: the client variables come from environment-origins.ts, which checks the origin first.
    createApiWithEnv: (clientEnv, generation) => (generation === 2 ? createTrackersApiGen2({ env: clientEnv, onSecret: setSecret }) : createTrackersApi({ env: clientEnv, onSecret: setSecret })),
  });
  if (outcome.failure) {
    runtime.setFailed(outcome.failure);
    if (outcome.exitCode !== undefined) runtime.setExitCode(outcome.exitCode);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === "number") return `A GitHub API request failed with status ${status}: ${message}. Check the job's permissions and the github-token input.`;
  return `Internal error: ${message}. This is probably a bug in tracker-sync; please report it with the workflow log.`;
}
