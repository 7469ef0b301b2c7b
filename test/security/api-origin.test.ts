import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertConfigApiUrlTrusted, normaliseApiUrl } from "../../src/action/api-origin.js";
import { runCli } from "../../src/cli/main.js";
import { DEFAULT_CONFIG } from "../../src/model/config.js";
import { pullRequestEvent, runAction } from "../action/action-harness.js";
import { APP_ID, APP_SECRET, closeServersAfterEach, credentials, GITHUB_TOKEN, planComments, SEED, startServers, workspaceWith } from "../action/fixtures.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { startCaptureServer } from "./capture-server.js";

closeServersAfterEach();
const captures: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(captures.splice(0).map((server) => server.close()));
});

async function attackerHost() {
  const capture = await startCaptureServer();
  captures.push(capture);
  return capture;
}

/** Issue 11, item 1: `apiUrl` in tracker-sync.yaml (pull-request content) must never decide where credentials go. */
describe("security: the Action sends credentials only to the API the workflow names", () => {
  it("refuses a config apiUrl that differs from the symbl-api-url input, before any request", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const capture = await attackerHost();
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    writeFileSync(join(workspace, "tracker-sync.yaml"), `apiUrl: ${capture.url}\n`);

    const run = await runAction({ workspace, inputs: { command: "drift", ...credentials(emulator) }, eventName: "schedule", event: {}, githubApiUrl: github.url });
    expect(run.exitCode).toBe(1);
    const error = run.commands.find((command) => command.command === "error")?.message ?? "";
    expect(error).toContain(`tracker-sync.yaml sets apiUrl: "${capture.url}"`);
    expect(error).toContain("symbl-api-url");
    expect(error).toContain(`now ${emulator.url}`);
    expect(capture.requests).toEqual([]);
    // Refused before the first request: not even a token was asked for at the trusted API.
    expect(emulator.requests()).toEqual([]);
  });

  it("refuses a config apiUrl when the workflow names no API (the default https://api.symbl.ai is trusted)", async () => {
    const { github } = await startServers();
    const capture = await attackerHost();
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    writeFileSync(join(workspace, "tracker-sync.yaml"), `apiUrl: ${capture.url}/\n`);
    const run = await runAction({
      workspace,
      inputs: { command: "apply", "symbl-app-id": APP_ID, "symbl-app-secret": APP_SECRET, "github-token": GITHUB_TOKEN },
      eventName: "workflow_dispatch",
      event: {},
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((command) => command.command === "error")?.message).toContain("now https://api.symbl.ai");
    expect(capture.requests).toEqual([]);
    const visibleLog = run.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    expect(visibleLog.join("\n") + run.stderr).not.toContain(APP_SECRET);
  });

  it("accepts a config apiUrl equal to the trusted one, and the plan and the comment name the API", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith([...SEED[0]!.vocabulary, "send the money back"]);
    writeFileSync(join(workspace, "tracker-sync.yaml"), `apiUrl: ${emulator.url.toUpperCase().replace("HTTP://", "http://")}/\n`);
    const run = await runAction({
      workspace,
      inputs: { command: "plan", ...credentials(emulator) },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 4, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const plan = JSON.parse(readFileSync(run.outputs["plan-json"]!, "utf8"));
    expect(plan.target).toEqual({ apiUrl: emulator.url });
    expect(planComments(github)[0]!.body).toContain(`Planned against \`${emulator.url}\``);
  });

  it("lets an offline plan without credentials keep a config apiUrl, and sends nothing to it", async () => {
    const { github } = await startServers();
    const capture = await attackerHost();
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    writeFileSync(join(workspace, "tracker-sync.yaml"), `apiUrl: ${capture.url}\n`);
    github.state.pullFiles[5] = [];
    const run = await runAction({
      workspace,
      inputs: { command: "plan", "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 5, headSha: "a".repeat(40), baseSha: "b".repeat(40), fork: true }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(capture.requests).toEqual([]);
    expect(JSON.parse(readFileSync(run.outputs["plan-json"]!, "utf8")).target).toBeUndefined();
  });

  it("compares URLs after normalising them, and refuses anything else", () => {
    expect(normaliseApiUrl("HTTPS://API.symbl.ai:443/")).toBe("https://api.symbl.ai");
    expect(normaliseApiUrl("ftp://api.symbl.ai")).toBeUndefined();
    expect(normaliseApiUrl("https://user:pw@api.symbl.ai")).toBeUndefined();
    const config = { ...DEFAULT_CONFIG, apiUrl: "https://api.symbl.ai.evil.example" };
    expect(() => assertConfigApiUrlTrusted(config, "https://api.symbl.ai", "tracker-sync.yaml")).toThrow(/sets apiUrl/);
    expect(() => assertConfigApiUrlTrusted({ ...DEFAULT_CONFIG, apiUrl: "https://api.symbl.ai/" }, "https://api.symbl.ai", "tracker-sync.yaml")).not.toThrow();
  });
});

describe("security: the CLI plan names the API it planned against", () => {
  it("shows the target in text, Markdown and JSON", async () => {
    const { emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    const env = { SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET, SYMBL_API_URL: emulator.url };
    const render = async (format: string) => {
      const io = createCapturedIo({ cwd: workspace, env });
      await runCli(["plan", "--format", format], io);
      return io.stdoutText;
    };
    expect(await render("text")).toContain(`Target: ${emulator.url}`);
    expect(await render("markdown")).toContain(`Planned against \`${emulator.url}\``);
    expect(JSON.parse(await render("json")).target).toEqual({ apiUrl: emulator.url });
  });
});
