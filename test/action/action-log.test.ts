import { describe, expect, it } from "vitest";
import { logUntrusted } from "../../src/action/log-untrusted.js";
import { pullRequestEvent, runAction } from "./action-harness.js";
import { closeServersAfterEach, credentials, SEED, startServers, workspaceWith } from "./fixtures.js";

closeServersAfterEach();

/** The text between the runner's stop-commands markers, per block. */
function loggedBlocks(stdout: string): string[] {
  const blocks: string[] = [];
  const lines = stdout.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const start = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[index]!);
    if (!start) continue;
    const end = lines.indexOf(`::${start[1]}::`, index + 1);
    expect(end, "every stop-commands block is closed with its token").toBeGreaterThan(index);
    blocks.push(lines.slice(index + 1, end).join("\n"));
    index = end;
  }
  return blocks;
}

describe("the step log", () => {
  it("logUntrusted suspends workflow commands around the text with a fresh token", () => {
    const lines: string[] = [];
    logUntrusted({ info: (text) => lines.push(text) }, "+ ::error::not a command\n", "a".repeat(32));
    expect(lines).toEqual([`::stop-commands::${"a".repeat(32)}`, "+ ::error::not a command", `::${"a".repeat(32)}::`]);
    const tokens = new Set<string>();
    for (let index = 0; index < 5; index++) logUntrusted({ info: (text) => void (text.startsWith("::stop-commands::") && tokens.add(text)) }, "x");
    expect(tokens.size).toBe(5);
  });

  it("plan writes the plan text to the log as well as the summary and the comment", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith([...SEED[0]!.vocabulary.slice(1), "want my money returned"]);
    const event = pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) });
    const run = await runAction({ workspace, inputs: { command: "plan", ...credentials(emulator) }, eventName: "pull_request", event, githubApiUrl: github.url });
    expect(run.exitCode, run.stderr).toBe(0);
    const [block] = loggedBlocks(run.stdout);
    expect(block).toContain("    + want my money returned");
    expect(block).toContain("    - refund my order");
    expect(block).toMatch(/^Plan: 1 to create, .*\.$/m);
    expect(block).not.toContain("\u001b[");
    expect(run.summary).toContain("+ want my money returned");
  });

  it("apply writes the plan and the apply result to the log", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith([...SEED[0]!.vocabulary.slice(1), "want my money returned"]);
    const run = await runAction({
      workspace,
      inputs: { command: "apply", comment: "false", ...credentials(emulator) },
      eventName: "workflow_dispatch",
      event: {},
      githubApiUrl: github.url,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const [block] = loggedBlocks(run.stdout);
    expect(block).toMatch(/^Plan: 1 to create, /m);
    expect(block).toMatch(/applied create "Cancellation Request" \(id \d+\)/);
    expect(block).toContain("Verified: the account now matches the repository.");
  });
});
