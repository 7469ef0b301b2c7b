import * as core from "@actions/core";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runActionMain } from "./run-action-main.js";

/** The action's entry: the runner over @actions/core and this process. */
await runActionMain({
  getInput: (name) => core.getInput(name),
  env: process.env,
  cwd: process.cwd(),
  tempDir: join(process.env.RUNNER_TEMP || tmpdir(), "tracker-sync"),
  throttleGitHubWrites: true,
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  error: (message, properties) => core.error(message, properties),
  warning: (message, properties) => core.warning(message, properties),
  info: (text) => core.info(text),
  appendSummary: async (markdown) => void (await core.summary.addRaw(markdown, true).write()),
  setFailed: (message) => core.setFailed(message),
  setExitCode: (code) => {
    process.exitCode = code;
  },
});
