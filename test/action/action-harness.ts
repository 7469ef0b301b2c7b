import * as core from "@actions/core";
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { EOL, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runActionMain } from "../../src/action/run-action-main.js";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** One workflow-command line (`::error file=…,line=…::message`) from the action's stdout. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  outputs: Record<string, string>;
  summary: string;
  /** Every file the run left in RUNNER_TEMP, path → content. */
  tempFiles: Record<string, string>;
}

export interface ActionRunOptions {
  workspace: string;
  inputs: Record<string, string>;
  eventName: string;
  event: unknown;
  githubApiUrl: string;
  sha?: string;
  /** Run the committed dist/action.js in a child process, as the runner does, instead of in-process. */
  bundle?: boolean;
  env?: Record<string, string>;
}

/**
 * Runs the action the way the runner does: INPUT_* variables, an event payload file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, and GITHUB_API_URL at the fake GitHub server. By default in this process through
 * runActionMain (the seam main.ts uses), with @actions/core's own workflow-command writer and this process's
 * stdout/stderr captured; with `bundle: true`, dist/action.js in a child process.
 */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const runnerDir = mkdtempSync(join(tmpdir(), "tracker-sync-runner-"));
  const eventPath = join(runnerDir, "event.json");
  const outputPath = join(runnerDir, "output.txt");
  const summaryPath = join(runnerDir, "summary.md");
  const runnerTemp = join(runnerDir, "temp");
  mkdirSync(runnerTemp);
  writeFileSync(eventPath, JSON.stringify(options.event));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? runnerDir,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: "acme/trackers",
    GITHUB_API_URL: options.githubApiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_SHA: options.sha ?? "1111111111111111111111111111111111111111",
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: runnerTemp,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const { exitCode, stdout, stderr } = options.bundle ? await runBundle(env) : await runInProcess(env, join(runnerTemp, "tracker-sync"));

  const tempFiles: Record<string, string> = {};
  const tempDir = join(runnerTemp, "tracker-sync");
  try {
    for (const name of readdirSync(tempDir)) tempFiles[join(tempDir, name)] = readFileSync(join(tempDir, name), "utf8");
  } catch {
    // No plan was written.
  }
  return {
    exitCode,
    stdout,
    stderr,
    commands: parseWorkflowCommands(stdout),
    outputs: parseOutputFile(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
    tempFiles,
  };
}

interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function runBundle(env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "dist", "action.js")], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? -1, stdout: out, stderr: err }));
  });
}

/**
 * The runner's side of main.ts in memory: workflow commands go through @actions/core to this process's stdout,
 * which is captured for the run; outputs and the summary go to the same files the runner would read.
 */
async function runInProcess(env: Record<string, string>, tempDir: string): Promise<ProcessResult> {
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  const realStdout = process.stdout.write;
  const realStderr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    await runActionMain({
      // @actions/core's rule: INPUT_<NAME> with spaces as underscores, upper-cased, trimmed.
      getInput: (name) => (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim(),
      env,
      cwd: REPO_ROOT,
      tempDir,
      throttleGitHubWrites: false,
      setSecret: (value) => core.setSecret(value),
      setOutput: (name, value) => appendFileSync(env.GITHUB_OUTPUT as string, `${name}<<ghadelimiter_inprocess${EOL}${value}${EOL}ghadelimiter_inprocess${EOL}`),
      error: (message, properties) => core.error(message, properties),
      warning: (message, properties) => core.warning(message, properties),
      info: (text) => core.info(text),
      appendSummary: async (markdown) => appendFileSync(env.GITHUB_STEP_SUMMARY as string, `${markdown}${EOL}`),
      // core.setFailed would set this worker's exit code; the rest of what it does is this error line.
      setFailed: (message) => {
        exitCode = 1;
        core.error(message);
      },
      setExitCode: (code) => {
        exitCode = code;
      },
    });
    // Let late writes (e.g. process warnings) land in the capture, as they would before a child exits.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.stdout.write = realStdout;
    process.stderr.write = realStderr;
  }
  return { exitCode, stdout, stderr };
}

/** Parses `::name k=v,k=v::message` lines and undoes the runner's escaping. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
      const index = pair.indexOf("=");
      properties[pair.slice(0, index)] = unescapeProperty(pair.slice(index + 1));
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3]!) });
  }
  return commands;
}

/** GITHUB_OUTPUT uses `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index]!);
    if (!match) continue;
    const value: string[] = [];
    for (index++; index < lines.length && lines[index] !== match[2]; index++) value.push(lines[index]!);
    outputs[match[1]!] = value.join("\n");
  }
  return outputs;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/g, ":").replace(/%2C/g, ","));
}

/** A throwaway repository checkout with the given files. */
export function createWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "tracker-sync-workspace-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export function trackerYaml(name: string, vocabulary: string[]): string {
  return `name: ${name}\nvocabulary:\n${vocabulary.map((phrase) => `  - ${phrase}\n`).join("")}`;
}

export function pullRequestEvent(options: { number: number; headSha: string; baseSha: string; fork?: boolean }) {
  return {
    action: "synchronize",
    number: options.number,
    pull_request: {
      number: options.number,
      head: { sha: options.headSha, ref: "feature", repo: { full_name: options.fork ? "outsider/trackers" : "acme/trackers" } },
      base: { sha: options.baseSha, ref: "main", repo: { full_name: "acme/trackers" } },
    },
  };
}
