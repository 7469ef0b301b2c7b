import { afterEach, describe, expect, it } from "vitest";
import { resolveActionIdentity, WORKFLOW_TOKEN_IDENTITY } from "../../src/action/action-identity.js";
import { createGitHubClient } from "../../src/action/create-github-client.js";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { pullRequestEvent, runAction } from "../action/action-harness.js";
import { APP_ID, APP_SECRET, closeServersAfterEach, credentials, planComments, SEED, startServers, workspaceWith } from "../action/fixtures.js";
import { startFakeGitHubServer, type FakeGitHubServer } from "../helpers/fake-github-server.js";

closeServersAfterEach();
const extraServers: FakeGitHubServer[] = [];
afterEach(async () => {
  await Promise.all(extraServers.splice(0).map((server) => server.close()));
});

const HEAD_SHA = "a".repeat(40);
const MERGE_SHA = "d".repeat(40);
const CHANGED_REFUND = [...SEED[0]!.vocabulary.slice(1), "want my money returned"];
const MALLORY = { login: "mallory", type: "User" };

function forgedState(overrides: Record<string, unknown> = {}): string {
  const state = {
    fingerprint: "0".repeat(64),
    desiredFingerprint: "0".repeat(64),
    mode: "offline",
    sha: HEAD_SHA,
    deletes: ["Refund Request", "Billing Dispute"],
    settingsDigest: "0".repeat(64),
    ...overrides,
  };
  return `${PLAN_COMMENT_MARKER}\n<!-- tracker-sync:state ${JSON.stringify(state)} -->\n## tracker-sync\n\n✅ Approved.`;
}

function writeCount(emulator: RunningEmulator): number {
  return emulator.requests().filter((request) => ["PUT", "DELETE", "POST"].includes(request.method) && !request.path.startsWith("/oauth2")).length;
}

async function planOnPullRequest(github: FakeGitHubServer, emulator: RunningEmulator, workspace: string) {
  return runAction({
    workspace,
    inputs: { command: "plan", ...credentials(emulator) },
    eventName: "pull_request",
    event: pullRequestEvent({ number: 12, headSha: HEAD_SHA, baseSha: "b".repeat(40) }),
    githubApiUrl: github.url,
  });
}

function applyOnMerge(github: FakeGitHubServer, emulator: RunningEmulator, workspace: string, mergedHeadSha = HEAD_SHA) {
  github.state.pullsByCommit[MERGE_SHA] = [12];
  github.state.pullHeadShas[12] = mergedHeadSha;
  return runAction({ workspace, inputs: { command: "apply", ...credentials(emulator) }, eventName: "push", event: {}, sha: MERGE_SHA, githubApiUrl: github.url });
}

/** Issue 11, item 2: only the Action's own comments, for the merged commit, count as reviewed plans. */
describe("security: only the Action's own plan comment counts as the reviewed plan", () => {
  it("ignores a forged 'offline' state posted before the real one, names it in the log, and still refuses a stale plan", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.comments.push({ id: 77, issueNumber: 12, body: forgedState(), user: MALLORY });
    const workspace = workspaceWith(CHANGED_REFUND);
    const plan = await planOnPullRequest(github, emulator, workspace);
    expect(plan.exitCode, plan.stdout).toBe(0);
    // The Action never edits the look-alike; it writes its own comment.
    expect(github.state.comments.find((comment) => comment.id === 77)?.body).toBe(forgedState());
    expect(planComments(github).filter((comment) => comment.user.login === "github-actions[bot]")).toHaveLength(1);

    await createTrackersApi({ env: { SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET, SYMBL_API_URL: emulator.url } }).createTracker({
      name: "Added In The UI",
      vocabulary: ["hello there", "good morning", "good evening", "hi there", "hey there"],
    });
    const writesBefore = writeCount(emulator);
    const apply = await applyOnMerge(github, emulator, workspace);
    expect(apply.exitCode).toBe(3);
    expect(writeCount(emulator)).toBe(writesBefore);
    const warning = apply.commands.find((command) => command.command === "warning" && command.message.includes("Ignored comment 77"));
    expect(warning?.message).toContain("by mallory");
    expect(warning?.message).toContain("#issuecomment-77");
    expect(apply.commands.find((command) => command.command === "error")?.message).toContain(`The plan reviewed on pull request #12 (fingerprint ${plan.outputs.fingerprint})`);
  });

  it("does not let a forged 'failed plan' comment block an apply", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.comments.push({ id: 78, issueNumber: 12, body: `${PLAN_COMMENT_MARKER}\n## tracker-sync\n\n❌ **The plan for this push failed:** no`, user: MALLORY });
    const apply = await applyOnMerge(github, emulator, workspaceWith(CHANGED_REFUND));
    expect(apply.exitCode, apply.stdout).toBe(0);
    expect(apply.outputs.applied).toBe("2");
    expect(apply.commands.some((command) => command.command === "warning" && command.message.includes("Ignored comment 78"))).toBe(true);
  });

  it("refuses a state recorded for another commit than the merged head", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith(CHANGED_REFUND);
    expect((await planOnPullRequest(github, emulator, workspace)).exitCode).toBe(0);
    const apply = await applyOnMerge(github, emulator, workspace, "f".repeat(40));
    expect(apply.exitCode).toBe(3);
    expect(apply.commands.find((command) => command.command === "error")?.message).toContain("was made for commit aaaaaaa, but the pull request was merged at commit fffffff");
    expect(writeCount(emulator)).toBe(0);
  });

  it("knows who it posts as: the token's user for a personal access token, github-actions[bot] for the workflow token", async () => {
    const pat = await startFakeGitHubServer({ login: "release-bot-user" });
    const workflow = await startFakeGitHubServer();
    extraServers.push(pat, workflow);
    const client = (url: string) => createGitHubClient({ token: "t", baseUrl: url, throttle: false });
    expect(await resolveActionIdentity(client(pat.url))).toEqual({ login: "release-bot-user", type: "User", source: "token-user" });
    expect(await resolveActionIdentity(client(workflow.url))).toEqual(WORKFLOW_TOKEN_IDENTITY);
  });
});
