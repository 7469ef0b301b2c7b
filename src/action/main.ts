import * as core from "@actions/core";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrackersApi } from "../client/create-trackers-api.js";
import { createTrackersApiGen2 } from "../client/trackers-api-gen2.js";
import { UserError } from "../errors.js";
import type { ActionIo } from "./action-io.js";
import { createActionApiFactory } from "./api-origin.js";
import { createGitHubClient, type GitHubClient } from "./create-github-client.js";
import { readGitHubContext } from "./github-context.js";
import { parseActionInputs } from "./inputs.js";
import { runCommand } from "./run-action.js";
import { resolveSymblEnv } from "./symbl-env.js";

/** The action's entry: read inputs once, build the clients, run the command, turn the outcome into the job's status. */
async function main(): Promise<void> {
  const inputs = parseActionInputs((name) => core.getInput(name));
  const symbl = resolveSymblEnv(inputs, process.env);
  const secrets = new Set<string>();
  const setSecret = (value: string) => {
    if (value === "") return;
    secrets.add(value);
    core.setSecret(value);
  };
  for (const secret of [...symbl.secrets, inputs.githubToken ?? ""]) setSecret(secret);
  const github = readGitHubContext(process.env, process.cwd());

  const io: ActionIo = {
    setSecret,
    redact: (text) => [...secrets].reduce((result, secret) => result.split(secret).join("***"), text),
    setOutput: (name, value) => core.setOutput(name, value),
    annotate: ({ level, message, properties }) => (level === "error" ? core.error(message, properties) : core.warning(message, properties)),
    info: (text) => core.info(text),
    warning: (text) => core.warning(text),
    writeSummary: async (markdown) => void (await core.summary.addRaw(markdown, true).write()),
    tempDir: join(process.env.RUNNER_TEMP || tmpdir(), "tracker-sync"),
  };

  let octokit: GitHubClient | undefined;
  const outcome = await runCommand({
    inputs,
    github,
    io,
    symbl,
    octokit: () => {
      if (!inputs.githubToken) throw new UserError("The github-token input is empty; leave it at its default (${{ github.token }}) or pass a token.");
      return (octokit ??= createGitHubClient({ token: inputs.githubToken, baseUrl: github.apiUrl }));
    },
    createApi: createActionApiFactory(symbl, { configFile: inputs.config ?? "tracker-sync.yaml", onSecret: setSecret }),
    processEnv: process.env,
    // Environments: the client variables come from environment-origins.ts, which checks the origin first.
    createApiWithEnv: (clientEnv, generation) =>
      generation === 2 ? createTrackersApiGen2({ env: clientEnv, onSecret: setSecret }) : createTrackersApi({ env: clientEnv, onSecret: setSecret }),
  });
  if (outcome.failure) {
    core.setFailed(outcome.failure);
    if (outcome.exitCode !== undefined) process.exitCode = outcome.exitCode;
  }
}

main().catch((error: unknown) => core.setFailed(describeFailure(error)));

function describeFailure(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === "number") return `A GitHub API request failed with status ${status}: ${message}. Check the job's permissions and the github-token input.`;
  return `Internal error: ${message}. This is probably a bug in tracker-sync; please report it with the workflow log.`;
}
