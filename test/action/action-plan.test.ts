import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import { GITHUB_BODY_LIMIT } from "../../src/action/split-markdown.js";
import { createWorkspace, pullRequestEvent, REPO_ROOT, runAction, trackerYaml } from "./action-harness.js";
import { closeServersAfterEach, credentials, expectNoSecretLeaks, fetchAccessToken, APP_ID, APP_SECRET, GITHUB_TOKEN, planComments, SEED, startServers, workspaceWith } from "./fixtures.js";

closeServersAfterEach();

describe("plan on a pull request", () => {
  it("creates one sticky comment, then updates the same one on the next push; writes outputs and summary; leaks no secret", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = workspaceWith([...SEED[0]!.vocabulary.slice(1), "want my money returned"]);
    const event = pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) });

    const first = await runAction({ workspace, inputs: { command: "plan", ...credentials(emulator) }, eventName: "pull_request", event, githubApiUrl: github.url });
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(planComments(github)).toHaveLength(1);
    const comment = planComments(github)[0]!;
    expect(comment.body).toContain("✅ **Validation passed:** 3 definition files");
    expect(comment.body).toContain("+ want my money returned");
    expect(comment.body).toContain("- refund my order");
    expect(comment.body).toContain("Create <b>Cancellation Request</b>");
    // The account appends on PUT (the default putBehavior), so the removal is a recreate, shown with the old id.
    expect(comment.body).toContain("will get a new id");
    expect(comment.body).toContain("Recreate <b>");
    expect(comment.body).toContain("#### Capacity");
    expect(comment.body).toMatch(/Plan fingerprint `[0-9a-f]{64}`/);
    expect(comment.body).toContain("https://github.com/acme/trackers/actions/runs/4242");

    expect(first.outputs["has-changes"]).toBe("true");
    expect(first.outputs.summary).toBe("1 to create, 0 to update, 0 to rename, 1 to recreate (new id), 0 to delete (1 unchanged, 0 unmanaged)");
    expect(first.outputs.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const planJson = JSON.parse(readFileSync(first.outputs["plan-json"]!, "utf8"));
    expect(planJson.fingerprint).toBe(first.outputs.fingerprint);
    expect(comment.body).toContain(first.outputs.fingerprint);
    expect(first.summary).toContain("+ want my money returned");
    expect(first.summary).not.toContain(PLAN_COMMENT_MARKER);

    // Plan never writes to the account.
    expect(emulator.requests().filter((request) => !["GET", "POST"].includes(request.method) || (request.method === "POST" && !request.path.startsWith("/oauth2")))).toEqual([]);
    expectNoSecretLeaks(first, github, [APP_ID, APP_SECRET, GITHUB_TOKEN, await fetchAccessToken(emulator)]);

    writeFileSync(join(workspace, "trackers/billing-dispute.yaml"), trackerYaml("Billing Dispute", [...SEED[1]!.vocabulary, "double charge"]));
    const second = await runAction({ workspace, inputs: { command: "plan", ...credentials(emulator) }, eventName: "pull_request", event, githubApiUrl: github.url });
    expect(second.exitCode).toBe(0);
    expect(planComments(github)).toHaveLength(1);
    expect(planComments(github)[0]!.id).toBe(comment.id);
    expect(planComments(github)[0]!.body).toContain("+ double charge");
    expect(github.requests().filter((request) => request.method === "POST" && request.path.endsWith("/comments"))).toHaveLength(1);
    expect(github.requests().filter((request) => request.method === "PATCH")).toHaveLength(1);
  });

  it("posts nothing with comment: false but still writes the summary and outputs", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const run = await runAction({
      workspace: workspaceWith(SEED[0]!.vocabulary),
      inputs: { command: "plan", ...credentials(emulator), comment: "false" },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(0);
    expect(github.requests()).toEqual([]);
    expect(run.outputs["has-changes"]).toBe("true");
    expect(run.summary).toContain("Create <b>Cancellation Request</b>");
  });

  it("updates its comment when it sits on page 2 of 150 comments", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    for (let index = 0; index < 150; index++) {
      const body = index === 130 ? `${PLAN_COMMENT_MARKER}\nan older plan` : `review comment ${index}`;
      const user = index === 130 ? { login: "github-actions[bot]", type: "Bot" } : { login: "reviewer", type: "User" };
      github.state.comments.push({ id: 500 + index, issueNumber: 7, body, user });
    }
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    const run = await runAction({
      workspace,
      inputs: { command: "plan", ...credentials(emulator) },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(0);
    expect(github.state.comments).toHaveLength(150);
    expect(planComments(github).map((comment) => comment.id)).toEqual([630]);
    expect(planComments(github)[0]!.body).toContain("Create <b>Cancellation Request</b>");
    const pages = github.requests().filter((request) => request.method === "GET" && request.path.endsWith("/issues/7/comments"));
    expect(pages.map((request) => request.query.page ?? "1")).toEqual(["1", "2"]);
  });

  it("annotates findings on their file and line, fails the job, and still comments with the validation result", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    const workspace = createWorkspace({
      "trackers/refund-request.yaml": trackerYaml("Refund Request", SEED[0]!.vocabulary),
      "trackers/broken.yaml": "name: Broken Tracker\nvocabulary:\n  - fine phrase\n  - refund! now?\n  - another phrase\n",
    });
    const run = await runAction({
      workspace,
      inputs: { command: "plan", ...credentials(emulator) },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(1);
    const errors = run.commands.filter((command) => command.command === "error" && command.properties.file);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.properties).toMatchObject({ file: "trackers/broken.yaml", line: "4" });
    expect(Number(errors[0]!.properties.col)).toBeGreaterThan(1);
    expect(errors[0]!.properties.title).toMatch(/^tracker-sync /);
    const failure = run.commands.find((command) => command.command === "error" && !command.properties.file);
    expect(failure?.message).toMatch(/Validation found \d+ errors? in the tracker definitions/);
    expect(planComments(github)).toHaveLength(1);
    expect(planComments(github)[0]!.body).toContain("❌ **Validation failed:**");
    expect(planComments(github)[0]!.body).toContain("**No plan:**");
    // Validation failed before any Symbl call.
    expect(emulator.requests()).toEqual([]);
    expect(run.outputs["has-changes"]).toBeUndefined();
  });
});

describe("plan that cannot reach Symbl", () => {
  it("replaces the previous plan comment with the failure, so no stale plan stays up, and fails the job", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.comments.push({ id: 77, issueNumber: 7, body: `${PLAN_COMMENT_MARKER}\nplan of an earlier push`, user: { login: "github-actions[bot]", type: "Bot" } });
    const run = await runAction({
      workspace: workspaceWith(SEED[0]!.vocabulary),
      inputs: { command: "plan", ...credentials(emulator), "symbl-app-secret": "a-wrong-secret-1234" },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(1);
    const body = planComments(github)[0]!.body;
    expect(planComments(github).map((comment) => comment.id)).toEqual([77]);
    expect(body).toContain("❌ **The plan for this push failed:**");
    expect(body).not.toContain("plan of an earlier push");
    expect(body).not.toContain("a-wrong-secret-1234");
    expect(run.commands.find((command) => command.command === "error")?.message).toMatch(/401|credentials|Token/i);
  });
});

describe("plan on a pull request from a fork", () => {
  const baseFiles = {
    "trackers/refund-request.yaml": trackerYaml("Refund Request", SEED[0]!.vocabulary),
    "trackers/billing-dispute.yaml": trackerYaml("Billing Dispute", SEED[1]!.vocabulary),
    "README.md": "not a definition",
  };

  it("plans base vs head definitions offline, makes no Symbl call, and says the live plan runs after merge", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.files["b".repeat(40)] = baseFiles;
    github.state.pullFiles[9] = [
      { filename: "README.md", status: "modified" },
      { filename: "trackers/cancellation.yaml", status: "added" },
      { filename: "trackers/refund-request.yaml", status: "modified" },
    ];
    const workspace = workspaceWith([...SEED[0]!.vocabulary, "refund to my card"]);
    const run = await runAction({
      workspace,
      // A fork gets no secrets; the API URL is set anyway to prove nothing is sent to it.
      inputs: { command: "plan", "symbl-api-url": emulator.url, "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 9, headSha: "c".repeat(40), baseSha: "b".repeat(40), fork: true }),
      githubApiUrl: github.url,
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(emulator.requests()).toEqual([]);
    const body = planComments(github)[0]!.body;
    expect(body).toContain("comes from a fork");
    expect(body).toContain("The live plan runs when the change is merged, and refuses any delete or setting change this plan does not show.");
    expect(body).toContain("+ refund to my card");
    expect(body).toContain("Create <b>Cancellation Request</b>");
    expect(body).not.toContain("Update <b>Billing Dispute</b>");
    expect(run.outputs.summary).toBe("1 to create, 1 to update, 0 to rename, 0 to delete (1 unchanged, 0 unmanaged)");
    // Only the changed definition file is read from the base commit; untouched files come from the checkout.
    const contentReads = github.requests().filter((request) => request.path.includes("/contents/"));
    expect(contentReads.map((request) => [decodeURIComponent(request.path), request.query.ref])).toEqual([["/repos/acme/trackers/contents/trackers/refund-request.yaml", "b".repeat(40)]]);
    expectNoSecretLeaks(run, github, [GITHUB_TOKEN]);
  });

  it("shows the match impact on the sample conversations in the checkout, like the live plan", async () => {
    const { github } = await startServers();
    github.state.files["b".repeat(40)] = baseFiles;
    github.state.pullFiles[9] = [{ filename: "trackers/cancellation.yaml", status: "added" }];
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    const conversation = readFileSync(join(REPO_ROOT, "conversations", "02-cancel-subscription.json"), "utf8");
    mkdirSync(join(workspace, "conversations"));
    writeFileSync(join(workspace, "conversations", "02-cancel-subscription.json"), conversation);
    const run = await runAction({
      workspace,
      inputs: { command: "plan", "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 9, headSha: "c".repeat(40), baseSha: "b".repeat(40), fork: true }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(0);
    const body = planComments(github)[0]!.body;
    expect(body).toContain("#### Match impact");
    expect(body).toMatch(/\| Cancellation Request \| \+[1-9]\d* \| -0 \|/);
  });

  it("plans offline for a branch of this repository when no Symbl credentials are configured", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.files["b".repeat(40)] = baseFiles;
    github.state.pullFiles[10] = [{ filename: "trackers/cancellation.yaml", status: "added" }];
    const run = await runAction({
      workspace: workspaceWith(SEED[0]!.vocabulary),
      inputs: { command: "plan", "symbl-api-url": emulator.url, "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 10, headSha: "c".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests()).toEqual([]);
    expect(planComments(github)[0]!.body).toContain("No Symbl credentials were given to this workflow run.");
    expect(JSON.parse(readFileSync(run.outputs["plan-json"]!, "utf8")).mode).toBe("offline");
  });

  it("warns instead of failing when the read-only fork token may not comment", async () => {
    const { github, emulator } = await startServers({ readOnly: true });
    github.state.files["b".repeat(40)] = baseFiles;
    github.state.pullFiles[9] = [{ filename: "trackers/cancellation.yaml", status: "added" }];
    const run = await runAction({
      workspace: workspaceWith(SEED[0]!.vocabulary),
      inputs: { command: "plan", "symbl-api-url": emulator.url, "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 9, headSha: "c".repeat(40), baseSha: "b".repeat(40), fork: true }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(0);
    const warning = run.commands.find((command) => command.command === "warning");
    expect(warning?.message).toMatch(/Could not post the plan comment.*read-only token.*job summary/s);
    expect(run.summary).toContain("Create <b>Cancellation Request</b>");
  });

  it("cuts a plan longer than GitHub's limit cleanly, keeps summary, capacity and fingerprint, and links to the job summary", async () => {
    const { github } = await startServers();
    github.state.files["b".repeat(40)] = {};
    const files: Record<string, string> = {};
    for (let tracker = 0; tracker < 120; tracker++) {
      const words = ["alpha", "bravo", "delta", "kilo", "lima", "oscar", "romeo", "sierra", "tango", "victor"];
      const vocabulary = Array.from({ length: 40 }, (_, phrase) => `${words[phrase % 10]} ${words[Math.floor(phrase / 10)]} topic${tracker} item`);
      files[`trackers/t${tracker}.yaml`] = trackerYaml(`Topic ${tracker}`, vocabulary);
    }
    github.state.pullFiles[9] = Object.keys(files).map((filename) => ({ filename, status: "added" as const }));
    const run = await runAction({
      workspace: createWorkspace(files),
      inputs: { command: "plan", "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 9, headSha: "c".repeat(40), baseSha: "b".repeat(40), fork: true }),
      githubApiUrl: github.url,
    });
    expect(run.exitCode).toBe(0);
    const body = planComments(github)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain("**Plan:** 120 to create");
    expect(body).toMatch(
      /The plan is too long for one comment: [\d,]+ of [\d,]+ characters shown\. \[The full plan is in the job summary\]\(https:\/\/github\.com\/acme\/trackers\/actions\/runs\/4242\)/,
    );
    expect(body).toContain("**Capacity:** trackers after apply 120/500");
    expect(body).toContain(`Plan fingerprint \`${run.outputs.fingerprint}\``);
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((body.match(/<details/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
    expect(run.summary.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    expect(run.summary).toContain("Create <b>Topic 99</b>");
  });
});

describe("the committed bundle", () => {
  it("runs a fork plan end to end from dist/action.js", async () => {
    const { github } = await startServers();
    github.state.files["b".repeat(40)] = { "trackers/refund-request.yaml": trackerYaml("Refund Request", SEED[0]!.vocabulary) };
    github.state.pullFiles[9] = [
      { filename: "trackers/billing-dispute.yaml", status: "added" },
      { filename: "trackers/cancellation.yaml", status: "added" },
    ];
    const run = await runAction({
      bundle: true,
      workspace: workspaceWith(SEED[0]!.vocabulary),
      inputs: { command: "plan", "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 9, headSha: "c".repeat(40), baseSha: "b".repeat(40), fork: true }),
      githubApiUrl: github.url,
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.outputs.summary).toBe("2 to create, 0 to update, 0 to rename, 0 to delete (1 unchanged, 0 unmanaged)");
    expect(planComments(github)).toHaveLength(1);
  });
});

describe("validate", () => {
  it("annotates every finding, writes the summary and fails only on errors", async () => {
    const { github } = await startServers();
    const workspace = createWorkspace({
      "trackers/ok.yaml": trackerYaml("Refund Request", SEED[0]!.vocabulary),
      "trackers/warn.yaml": trackerYaml("Short One", ["just one phrase"]),
    });
    const passing = await runAction({ workspace, inputs: { command: "validate" }, eventName: "pull_request", event: {}, githubApiUrl: github.url });
    expect(passing.exitCode).toBe(0);
    expect(passing.commands.filter((command) => command.command === "warning").map((command) => command.properties.file)).toContain("trackers/warn.yaml");
    expect(passing.summary).toContain("⚠️ **Validation passed with");
    expect(github.requests()).toEqual([]);

    writeFileSync(join(workspace, "trackers/bad.yaml"), "name: Bad\nvocabulary: not-a-list\n");
    const failing = await runAction({ workspace, inputs: { command: "validate" }, eventName: "pull_request", event: {}, githubApiUrl: github.url });
    expect(failing.exitCode).toBe(1);
    expect(failing.commands.some((command) => command.command === "error" && command.properties.file === "trackers/bad.yaml" && command.properties.line === "2")).toBe(true);
    expect(failing.summary).toContain("❌ **Validation failed:**");
  });

  it("fails clearly on an unknown command", async () => {
    const { github } = await startServers();
    const run = await runAction({ workspace: workspaceWith(SEED[0]!.vocabulary), inputs: { command: "destroy" }, eventName: "push", event: {}, githubApiUrl: github.url });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((command) => command.command === "error")?.message).toBe("Input 'command' is 'destroy'; use one of validate, plan, apply, drift.");
  });
});
