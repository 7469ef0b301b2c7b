import { describe, expect, it } from "vitest";
import { APPLY_COMMENT_MARKER } from "../../src/action/commands/apply.js";
import { DRIFT_LABEL } from "../../src/action/drift-issue.js";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { pullRequestEvent, runAction } from "./action-harness.js";
import { APP_ID, APP_SECRET, closeServersAfterEach, credentials, expectNoSecretLeaks, fetchAccessToken, GITHUB_TOKEN, planComments, SEED, startServers, workspaceWith } from "./fixtures.js";

closeServersAfterEach();

const MERGE_SHA = "d".repeat(40);
const WRITES = new Set(["PUT", "DELETE"]);

function countWrites(emulator: RunningEmulator): number {
  return emulator.requests().filter((request) => WRITES.has(request.method) || (request.method === "POST" && !request.path.startsWith("/oauth2"))).length;
}

function directApi(emulator: RunningEmulator) {
  return createTrackersApi({ env: { SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET, SYMBL_API_URL: emulator.url } });
}

const CHANGED_REFUND = [...SEED[0]!.vocabulary.slice(1), "want my money returned"];

describe("apply on push to the default branch", () => {
  it("applies the reviewed plan and posts the result on the pull request the commit came from", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith(CHANGED_REFUND);
    const pr = await runAction({
      workspace,
      inputs: { command: "plan", ...credentials(emulator) },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 12, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(pr.exitCode).toBe(0);
    github.state.pullsByCommit[MERGE_SHA] = [12];
    github.state.pullHeadShas[12] = "a".repeat(40);
    const oldId = emulator.trackers().find((tracker) => tracker.name === "Refund Request")!.id;

    const run = await runAction({
      workspace,
      inputs: { command: "apply", ...credentials(emulator) },
      eventName: "push",
      event: { ref: "refs/heads/main", after: MERGE_SHA },
      sha: MERGE_SHA,
      githubApiUrl: github.url,
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ applied: "2", failed: "0", "has-changes": "true", fingerprint: pr.outputs.fingerprint });
    const live = Object.fromEntries(emulator.trackers().map((tracker) => [tracker.name, [...tracker.vocabulary].sort()]));
    expect(live["Refund Request"]).toEqual([...CHANGED_REFUND].sort());
    expect(live["Cancellation Request"]).toHaveLength(5);

    expect(github.requests().some((request) => request.path === `/repos/acme/trackers/commits/${MERGE_SHA}/pulls`)).toBe(true);
    const applyComments = github.state.comments.filter((comment) => comment.issueNumber === 12 && comment.body.startsWith(APPLY_COMMENT_MARKER));
    expect(applyComments).toHaveLength(1);
    expect(applyComments[0]!.body).toContain("**Apply finished:** 2 applied, 0 failed");
    expect(planComments(github)).toHaveLength(1);
    expect(run.summary).toContain("**Apply finished:** 2 applied, 0 failed");
    // CHANGED_REFUND drops a phrase and the emulator appends on PUT, so Refund Request was recreated: the old -> new
    // id map is in the output, the job summary and the result comment.
    const recreated = emulator.trackers().find((tracker) => tracker.name === "Refund Request")!;
    expect(recreated.id).not.toBe(oldId);
    expect(JSON.parse(run.outputs["id-changes"]!)).toEqual([{ name: "Refund Request", oldId, newId: recreated.id }]);
    for (const text of [run.summary, applyComments[0]!.body]) expect(text).toContain(`| Refund Request | \`${oldId}\` | \`${recreated.id}\` |`);
    expectNoSecretLeaks(run, github, [APP_ID, APP_SECRET, GITHUB_TOKEN, await fetchAccessToken(emulator)]);

    // A re-run finds nothing to do and sends no write.
    const writesBefore = countWrites(emulator);
    const again = await runAction({ workspace, inputs: { command: "apply", ...credentials(emulator) }, eventName: "workflow_dispatch", event: {}, githubApiUrl: github.url });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ applied: "0", failed: "0", "has-changes": "false" });
    expect(countWrites(emulator)).toBe(writesBefore);
  });

  it("refuses, writes nothing and fails the job when the account changed after the review", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith(CHANGED_REFUND);
    const pr = await runAction({
      workspace,
      inputs: { command: "plan", ...credentials(emulator) },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 12, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(pr.exitCode).toBe(0);
    await directApi(emulator).createTracker({ name: "Added In The UI", vocabulary: ["hello there", "good morning", "good evening", "hi there", "hey there"] });
    github.state.pullsByCommit[MERGE_SHA] = [12];
    github.state.pullHeadShas[12] = "a".repeat(40);
    const writesBefore = countWrites(emulator);

    const run = await runAction({
      workspace,
      inputs: { command: "apply", ...credentials(emulator) },
      eventName: "push",
      event: {},
      sha: MERGE_SHA,
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(3);
    expect(countWrites(emulator)).toBe(writesBefore);
    const failure = run.commands.find((command) => command.command === "error");
    expect(failure?.message).toContain(`The plan reviewed on pull request #12 (fingerprint ${pr.outputs.fingerprint})`);
    expect(run.outputs).toMatchObject({ applied: "0", failed: "0" });
    const applyComment = github.state.comments.find((comment) => comment.body.startsWith(APPLY_COMMENT_MARKER));
    expect(applyComment?.body).toContain("**Apply refused.**");
    expect(applyComment?.body).toContain("Current plan (not applied)");
  });

  it("refuses when the last plan on the pull request did not complete", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.comments.push({
      id: 5,
      issueNumber: 12,
      body: `${PLAN_COMMENT_MARKER}\n## tracker-sync\n\n❌ **The plan for this push failed:** boom`,
      user: { login: "github-actions[bot]", type: "Bot" },
    });
    github.state.pullsByCommit[MERGE_SHA] = [12];
    const run = await runAction({
      workspace: workspaceWith(CHANGED_REFUND),
      inputs: { command: "apply", ...credentials(emulator) },
      eventName: "push",
      event: {},
      sha: MERGE_SHA,
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(3);
    expect(countWrites(emulator)).toBe(0);
    expect(run.commands.find((command) => command.command === "error")?.message).toMatch(/^The last plan comment on pull request #12 \(.*\) holds no plan this apply can check/);
  });

  it("fails with a clear message without credentials", async () => {
    const { github } = await startServers();
    const run = await runAction({
      workspace: workspaceWith(SEED[0]!.vocabulary),
      inputs: { command: "apply", "github-token": GITHUB_TOKEN },
      eventName: "push",
      event: {},
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((command) => command.command === "error")?.message).toMatch(/^apply needs Symbl credentials/);
  });
});

describe("drift on a schedule", () => {
  it("opens one tracker-drift issue, updates it while the drift lasts, and closes it once in sync", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.issues.push({ number: 3, title: "A pull request with the label", body: "", state: "open", labels: [DRIFT_LABEL], isPullRequest: true });
    const workspace = workspaceWith(CHANGED_REFUND);
    const drift = () => runAction({ workspace, inputs: { command: "drift", ...credentials(emulator) }, eventName: "schedule", event: {}, githubApiUrl: github.url });

    const first = await drift();
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(first.outputs["has-changes"]).toBe("true");
    const opened = github.state.issues.filter((issue) => !issue.isPullRequest);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ state: "open", labels: [DRIFT_LABEL] });
    expect(opened[0]!.body).toContain("+ want my money returned");
    expect(first.outputs["drift-issue"]).toBe(String(opened[0]!.number));
    expectNoSecretLeaks(first, github, [APP_ID, APP_SECRET, GITHUB_TOKEN, await fetchAccessToken(emulator)]);

    await directApi(emulator).createTracker({ name: "Added In The UI", vocabulary: ["hello there", "good morning", "good evening", "hi there", "hey there"] });
    const second = await drift();
    expect(second.exitCode).toBe(0);
    expect(github.state.issues.filter((issue) => !issue.isPullRequest)).toHaveLength(1);
    expect(opened[0]!.body).toContain("Added In The UI");

    const apply = await runAction({ workspace, inputs: { command: "apply", ...credentials(emulator), prune: "true" }, eventName: "workflow_dispatch", event: {}, githubApiUrl: github.url });
    expect(apply.exitCode).toBe(0);
    const third = await drift();
    expect(third.exitCode).toBe(0);
    expect(third.outputs["has-changes"]).toBe("false");
    expect(opened[0]!.state).toBe("closed");
    const closing = github.state.comments.filter((comment) => comment.issueNumber === opened[0]!.number);
    expect(closing).toHaveLength(1);
    expect(closing[0]!.body).toMatch(/^The account matches the repository again/);
    expect(github.state.issues.find((issue) => issue.isPullRequest)?.state).toBe("open");
  });
});
