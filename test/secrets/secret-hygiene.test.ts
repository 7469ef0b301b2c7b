import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { createWorkspace, pullRequestEvent, runAction, trackerYaml, type ActionRun } from "../action/action-harness.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { startFakeGitHubServer, type FakeGitHubServer } from "../helpers/fake-github-server.js";

// Distinctive values: any occurrence in output, files or requests is a leak, never a coincidence.
const APP_ID = "appid-SENTINEL-4a1f93c2";
const APP_SECRET = "secret-SENTINEL-e8b27c5d90aa";
const GITHUB_TOKEN = "ghs_SENTINELgithubtoken77a1b2";
const WRONG_SECRET = "wrongsecret-SENTINEL-55d1e0";

let emulator: RunningEmulator;
let hostile: { url: string; close(): Promise<void> };
let accessToken: string;
let github: FakeGitHubServer;
const scratch: string[] = [];

/** A server that answers the token request and then echoes every credential it saw into a 500 page. */
async function startEchoingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      if (request.url === "/oauth2/token:generate") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ accessToken, expiresIn: 3600 }));
        return;
      }
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: `Internal error for ${request.headers.authorization} with ${body} (app ${APP_ID}, secret ${APP_SECRET}, token ${accessToken})` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    appId: APP_ID,
    appSecret: APP_SECRET,
    initialTrackers: [
      { name: "Refund Request", vocabulary: ["refund my order", "money back", "get a refund", "return for a refund", "refund please"] },
      { name: "Old One", vocabulary: ["old phrase one", "old phrase two"] },
      { name: "Old Two", vocabulary: ["old phrase three"] },
    ],
  });
  const response = await fetch(`${emulator.url}/oauth2/token:generate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "application", appId: APP_ID, appSecret: APP_SECRET }),
  });
  accessToken = ((await response.json()) as { accessToken: string }).accessToken;
  hostile = await startEchoingServer();
  github = await startFakeGitHubServer();
});

afterAll(async () => {
  console.log(`The app id (not a secret) appeared in: ${appIdSeenIn.size === 0 ? "nothing" : [...appIdSeenIn].join(", ")}`);
  await emulator.close();
  await hostile.close();
  await github.close();
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

const SECRETS = () => ({ "app secret": APP_SECRET, "access token": accessToken, "GitHub token": GITHUB_TOKEN, "wrong secret": WRONG_SECRET });

// The app id is not a secret (it names the app, like a username); it is only counted, for the report.
const appIdSeenIn = new Set<string>();

/** Every secret found in a place, as "secret in place" strings. */
function findLeaks(places: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [place, text] of Object.entries(places)) {
    const at = text.indexOf(APP_ID);
    if (at >= 0) appIdSeenIn.add(`${place} ("…${text.slice(Math.max(0, at - 60), at + APP_ID.length).replace(/\s+/g, " ")}")`);
  }
  for (const [place, text] of Object.entries(places)) {
    for (const [label, secret] of Object.entries(SECRETS())) if (text.includes(secret)) leaks.push(`${label} in ${place}`);
  }
  return leaks;
}

async function readTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const full = join(dir, entry);
    if ((await stat(full)).isFile()) files[`file ${entry}`] = await readFile(full, "utf8");
  }
  return files;
}

async function makeProject(options: { deleteBoth?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "secrets-"));
  scratch.push(dir);
  await mkdir(join(dir, "trackers"));
  await writeFile(join(dir, "trackers", "refund.yaml"), trackerYaml("Refund Request", ["refund my order", "money back", "get a refund", "return for a refund", "want my money"]));
  await writeFile(join(dir, "trackers", "cancel.yaml"), trackerYaml("Cancellation", ["cancel my plan", "close my account", "end my plan", "stop billing", "terminate"]));
  if (options.deleteBoth) {
    await writeFile(join(dir, "tracker-sync.yaml"), "guards: { maxDeletes: 1 }\n");
    await writeFile(join(dir, "trackers", "old.yaml"), 'name: "Old One"\nretired: true\nvocabulary: ["x"]\n---\nname: "Old Two"\nretired: true\nvocabulary: ["y"]\n');
  }
  return dir;
}

interface CliCase {
  label: string;
  args: string[];
  env: "app" | "token" | "wrong-secret" | "hostile";
  project?: { deleteBoth?: boolean };
  expectedExit: number;
}

const CLI_CASES: CliCase[] = [
  { label: "validate", args: ["validate"], env: "app", expectedExit: 0 },
  { label: "validate --format json", args: ["validate", "--format", "json"], env: "app", expectedExit: 0 },
  { label: "plan", args: ["plan", "--detailed-exitcode"], env: "app", expectedExit: 2 },
  { label: "plan --format json --out", args: ["plan", "--format", "json", "--out", "plan.json"], env: "app", expectedExit: 0 },
  { label: "plan --format markdown (static token)", args: ["plan", "--format", "markdown", "--out", "plan.md"], env: "token", expectedExit: 0 },
  { label: "plan with a wrong secret", args: ["plan"], env: "wrong-secret", expectedExit: 1 },
  { label: "plan --format json with a wrong secret", args: ["plan", "--format", "json"], env: "wrong-secret", expectedExit: 1 },
  { label: "plan against a server that echoes credentials in a 500", args: ["plan", "--format", "json"], env: "hostile", expectedExit: 1 },
  { label: "apply --yes against a server that echoes credentials in a 500", args: ["apply", "--yes", "--format", "json"], env: "hostile", expectedExit: 1 },
  { label: "apply refused by a guard", args: ["apply", "--yes", "--format", "json"], env: "app", project: { deleteBoth: true }, expectedExit: 3 },
  { label: "apply --yes --format json --out", args: ["apply", "--yes", "--format", "json", "--out", "result.json"], env: "app", expectedExit: 0 },
  { label: "export", args: ["export", "--out", "exported"], env: "app", expectedExit: 0 },
  { label: "export with a static token", args: ["export", "--out", "exported-token"], env: "token", expectedExit: 0 },
];

function envFor(kind: CliCase["env"]): Record<string, string> {
  switch (kind) {
    case "app":
      return { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET };
    case "token":
      return { SYMBL_API_URL: emulator.url, SYMBL_ACCESS_TOKEN: accessToken };
    case "wrong-secret":
      return { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: WRONG_SECRET };
    case "hostile":
      return { SYMBL_API_URL: hostile.url, SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET };
  }
}

describe("secret hygiene: CLI", () => {
  // Runs in order: the apply case changes the account, so later plans differ, which is fine for a leak scan.
  it.each(CLI_CASES)("$label: no secret in stdout, stderr or written files", async (testCase) => {
    const dir = await makeProject(testCase.project);
    const io = createCapturedIo({ cwd: dir, env: envFor(testCase.env) });
    const code = await runCli(testCase.args, io);
    expect(code, io.stderrText).toBe(testCase.expectedExit);
    expect(findLeaks({ stdout: io.stdoutText, stderr: io.stderrText, ...(await readTree(dir)) })).toEqual([]);
    // The hostile server really did echo the credentials: the check above is not vacuous.
    if (testCase.env === "hostile") expect(io.stderrText + io.stdoutText).toContain("[redacted]");
  });

  it("a secret echoed at the point where a long server message is cut leaks no part of itself", async () => {
    // Before: the message was shortened to 300 characters first and redacted after, so a secret straddling
    // the cut no longer matched and its first characters were printed.
    const cutting = createServer((request, response) => {
      if (request.url === "/oauth2/token:generate") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ accessToken, expiresIn: 3600 }));
        return;
      }
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: `${"x".repeat(285)} ${APP_SECRET} and ${accessToken}` }));
    });
    await new Promise<void>((resolve) => cutting.listen(0, "127.0.0.1", resolve));
    try {
      const dir = await makeProject();
      const url = `http://127.0.0.1:${(cutting.address() as AddressInfo).port}`;
      const io = createCapturedIo({ cwd: dir, env: { SYMBL_API_URL: url, SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET } });
      expect(await runCli(["plan"], io)).toBe(1);
      expect(io.stderrText).toContain("[redacted]");
      expect(io.stderrText).not.toContain(APP_SECRET.slice(0, 10));
    } finally {
      await new Promise<void>((resolve) => cutting.close(() => resolve()));
    }
  });

  it("emulator: the startup banner and the data file hold no secret", async () => {
    const dir = await mkdtemp(join(tmpdir(), "secrets-emulator-"));
    scratch.push(dir);
    const io = createCapturedIo({ cwd: dir });
    const running = runCli(["emulator", "--port", "0", "--app-id", APP_ID, "--app-secret", APP_SECRET, "--data", "state.json"], io);
    for (let waited = 0; !io.stdoutText.includes("http://") && !io.stderrText.includes("http://") && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    io.sendSignal("SIGINT");
    expect(await running).toBe(0);
    expect(io.stdoutText + io.stderrText).toContain("http://");
    expect(findLeaks({ stdout: io.stdoutText, stderr: io.stderrText, ...(await readTree(dir)) })).toEqual([]);
  });
});

describe("secret hygiene: GitHub Action", () => {
  function actionInputs(command: string, overrides: Record<string, string> = {}) {
    return { command, "symbl-app-id": APP_ID, "symbl-app-secret": APP_SECRET, "symbl-api-url": emulator.url, "github-token": GITHUB_TOKEN, ...overrides };
  }

  function scanRun(run: ActionRun): string[] {
    // ::add-mask:: lines hand the secret to the runner, which hides it; that is the one place it must appear.
    const visible = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    const requests = github.requests().map((request) => `${request.method} ${request.path} ${JSON.stringify(request.query)} ${JSON.stringify(request.headers)} ${request.rawBody}`);
    return findLeaks({
      stdout: visible,
      stderr: run.stderr,
      GITHUB_OUTPUT: JSON.stringify(run.outputs),
      GITHUB_STEP_SUMMARY: run.summary,
      ...Object.fromEntries(Object.entries(run.tempFiles).map(([path, text]) => [`RUNNER_TEMP ${path}`, text])),
      "GitHub requests": requests.join("\n"),
    });
  }

  const workspace = () =>
    createWorkspace({
      "trackers/refund.yaml": trackerYaml("Refund Request", ["refund my order", "money back", "get a refund", "return for a refund", "want my money"]),
    });

  it.each([
    { label: "validate", command: "validate", eventName: "pull_request", overrides: {}, exit: 0 },
    { label: "plan on a pull request", command: "plan", eventName: "pull_request", overrides: {}, exit: 0 },
    { label: "plan with a wrong secret", command: "plan", eventName: "pull_request", overrides: { "symbl-app-secret": WRONG_SECRET }, exit: 1 },
    { label: "plan against a server that echoes credentials in a 500", command: "plan", eventName: "pull_request", overrides: { "symbl-api-url": "HOSTILE" }, exit: 1 },
    { label: "drift", command: "drift", eventName: "schedule", overrides: {}, exit: 0 },
    { label: "apply", command: "apply", eventName: "workflow_dispatch", overrides: {}, exit: 0 },
    { label: "apply with a wrong secret", command: "apply", eventName: "workflow_dispatch", overrides: { "symbl-app-secret": WRONG_SECRET }, exit: 1 },
  ])(
    "$label: no secret in the log, outputs, summary, temp files or GitHub requests",
    async ({ command, eventName, overrides, exit }) => {
      const resolved = Object.fromEntries(Object.entries(overrides).map(([key, value]) => [key, value === "HOSTILE" ? hostile.url : value]));
      const event = eventName === "pull_request" ? pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) }) : {};
      const run = await runAction({ workspace: workspace(), inputs: actionInputs(command, resolved), eventName, event, githubApiUrl: github.url });
      expect(run.exitCode, run.stdout + run.stderr).toBe(exit);
      expect(scanRun(run)).toEqual([]);
      // The secret is masked before anything else can print it.
      expect(run.stdout).toContain(`::add-mask::${resolved["symbl-app-secret"] ?? APP_SECRET}`);
    },
    60_000,
  );
});
