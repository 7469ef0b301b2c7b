import { describe, expect, it } from "vitest";
import { startFakeGitHubServer, type FakeGitHubServer } from "../helpers/fake-github-server.js";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import { createWorkspace, pullRequestEvent, runAction, type ActionRun } from "../action/action-harness.js";
import { expectNoSecretLeaks, GITHUB_TOKEN } from "../action/fixtures.js";
import { PRODUCTION, REFUND_YAML, RETENTION_YAML, STAGING, startTwoEnvironments, type TwoEnvironments } from "./two-environments.js";
import { afterEach } from "vitest";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { acquireAccountLock } from "../../src/apply/account-lock.js";
import { LOCK_TRACKER_NAME } from "../../src/model/reserved-names.js";

const MERGE_SHA = "c".repeat(40);
const CONFIG = `environments:
  - name: staging
  - name: production
    guards: { maxDeletes: 0 }
`;

describe("the Action with environments (two emulators, fake GitHub)", () => {
  let project: TwoEnvironments | undefined;
  let github: FakeGitHubServer | undefined;
  afterEach(async () => {
    await Promise.all([project?.close(), github?.close()]);
    project = undefined;
    github = undefined;
  });

  async function setUp(config = CONFIG) {
    project = await startTwoEnvironments();
    github = await startFakeGitHubServer();
    const workspace = createWorkspace({ "tracker-sync.yaml": config, "trackers/refund-request.yaml": REFUND_YAML, "trackers/retention-offer.yaml": RETENTION_YAML });
    const origins = `staging=${project.staging.url}\nproduction=${project!.production.url}\n`;
    return { workspace, origins };
  }

  const run = (workspace: string, options: { inputs: Record<string, string>; env?: Record<string, string>; eventName?: string; event?: unknown; sha?: string }): Promise<ActionRun> =>
    runAction({
      workspace,
      inputs: { "github-token": GITHUB_TOKEN, ...options.inputs },
      eventName: options.eventName ?? "pull_request",
      event: options.event ?? pullRequestEvent({ number: 7, headSha: "a".repeat(40), baseSha: "b".repeat(40) }),
      githubApiUrl: github!.url,
      env: options.env ?? project!.env,
      ...(options.sha ? { sha: options.sha } : {}),
    });

  const planComment = () => github!.state.comments.filter((comment) => comment.body.startsWith(PLAN_COMMENT_MARKER));

  it("plans each environment on a pull request into one sticky comment with a section (and fingerprint) each", async () => {
    const { workspace, origins } = await setUp();
    const result = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins } });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(planComment()).toHaveLength(1);
    const body = planComment()[0]!.body;
    expect(body).toMatch(/\| `staging` \| 2 to create, 0 to update, 0 to rename, 0 to delete \(0 unchanged, 0 unmanaged\) \|\n\| `production` \| 1 to create/);
    const staging = body.indexOf("### Environment `staging` (1 of 2)");
    const production = body.indexOf("### Environment `production` (2 of 2)");
    expect(staging).toBeGreaterThan(0);
    expect(production).toBeGreaterThan(staging);
    expect(body.slice(staging, production)).toContain("Create <b>Retention Offer</b>");
    expect(body.slice(production)).not.toContain("Retention Offer");
    const states = [...body.matchAll(/<!-- tracker-sync:environment-state (.*) -->/g)].map((match) => JSON.parse(match[1]!));
    expect(states.map((state) => [state.environment, state.status, state.mode])).toEqual([
      ["staging", "planned", "live"],
      ["production", "planned", "live"],
    ]);
    expect(states[0].fingerprint).not.toBe(states[1].fingerprint);
    const fingerprints = Object.fromEntries(result.outputs.fingerprint!.split("\n").map((line) => line.split("=")));
    expect(fingerprints).toEqual({ staging: states[0].fingerprint, production: states[1].fingerprint });
    expect(body).toContain(states[0].fingerprint);
    expect(body).toContain(states[1].fingerprint);
    expect(result.summary).toContain("### Environment `production` (2 of 2)");
    expect(result.summary).not.toContain(PLAN_COMMENT_MARKER);
    expect(result.outputs["has-changes"]).toBe("true");
    expectNoSecretLeaks(result, github!, [STAGING.appId, STAGING.appSecret, PRODUCTION.appId, PRODUCTION.appSecret, GITHUB_TOKEN]);
  });

  it("refuses a config origin the workflow did not name, before any credential is sent", async () => {
    const { workspace, origins } = await setUp(CONFIG.replace("  - name: production\n", "  - name: production\n    apiUrl: http://127.0.0.1:9/collect\n"));
    const result = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("Refused before sending any credential: tracker-sync.yaml sets the apiUrl of environment 'production' to http://127.0.0.1:9/collect");
    expect(project!.staging.requests()).toEqual([]);
    expect(project!.production.requests()).toEqual([]);
    expect(planComment()[0]!.body).toContain("The plan for this push failed");

    // Without symbl-api-urls the origin is the default, never the config's.
    const noInput = await run(workspace, { inputs: { command: "plan" } });
    expect(noInput.exitCode).toBe(1);
    expect(noInput.stdout).toContain("sends its credentials to https://api.symbl.ai");
  });

  it("refuses a config that points an environment at other credential variables", async () => {
    const { workspace, origins } = await setUp(
      CONFIG.replace("  - name: staging\n", "  - name: staging\n    credentials: { appId: PRODUCTION_SYMBL_APP_ID, appSecret: PRODUCTION_SYMBL_APP_SECRET }\n").replace(
        "  - name: production\n",
        "  - name: production\n    credentials: { appId: P_ID, appSecret: P_SECRET }\n",
      ),
    );
    const result = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("environment 'staging' reads its credentials from STAGING_SYMBL_APP_ID, STAGING_SYMBL_APP_SECRET or STAGING_SYMBL_ACCESS_TOKEN only");
    expect(project!.staging.requests()).toEqual([]);
    expect(project!.production.requests()).toEqual([]);
  });

  it("without production credentials outside a pull request: staging plans, production is 'not planned' with the reason", async () => {
    const { workspace, origins } = await setUp();
    const env = { STAGING_SYMBL_APP_ID: STAGING.appId, STAGING_SYMBL_APP_SECRET: STAGING.appSecret };
    const result = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins }, env, eventName: "workflow_dispatch", event: {} });
    expect(result.exitCode).toBe(1);
    expect(result.summary).toContain("| `production` | ⛔ not planned (see below) |");
    expect(result.summary).toContain("⛔ **Not planned:** no credentials for environment 'production': PRODUCTION&#95;SYMBL&#95;APP&#95;ID and PRODUCTION&#95;SYMBL&#95;APP&#95;SECRET are not set");
    expect(result.summary).toMatch(/\| `staging` \| 2 to create/);
    expect(result.summary).not.toMatch(/production[^\n]*No changes/);
    expect(result.outputs.summary).toBe("staging: 2 to create, 0 to update, 0 to rename, 0 to delete (0 unchanged, 0 unmanaged)\nproduction: not planned");
    expect(project!.production.requests()).toEqual([]);
  });

  it("on a pull request without production credentials (or from a fork) those environments are planned offline against the base branch", async () => {
    const { workspace, origins } = await setUp();
    github!.state.pullFiles[7] = [{ filename: "trackers/retention-offer.yaml", status: "added" }];
    const env = { STAGING_SYMBL_APP_ID: STAGING.appId, STAGING_SYMBL_APP_SECRET: STAGING.appSecret };
    const result = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins }, env });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const body = planComment()[0]!.body;
    const states = [...body.matchAll(/<!-- tracker-sync:environment-state (.*) -->/g)].map((match) => JSON.parse(match[1]!));
    expect(states.map((state) => [state.environment, state.mode])).toEqual([
      ["staging", "live"],
      ["production", "offline"],
    ]);
    const production = body.slice(body.indexOf("### Environment `production`"));
    expect(production).toContain("No credentials for environment `production` were given to this workflow run.");
    expect(production).toContain("Plan for production (base branch → this branch)");
    expect(production).not.toContain("Retention Offer");
    expect(project!.production.requests()).toEqual([]);

    const fork = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins }, event: pullRequestEvent({ number: 7, headSha: "d".repeat(40), baseSha: "b".repeat(40), fork: true }) });
    expect(fork.exitCode).toBe(0);
    const forkBody = planComment()[0]!.body;
    expect([...forkBody.matchAll(/"mode":"(\w+)"/g)].map((match) => match[1])).toEqual(["offline", "offline"]);
    expect(forkBody.slice(forkBody.indexOf("### Environment `staging`"), forkBody.indexOf("### Environment `production`"))).toContain("Create <b>Retention Offer</b>");
    expect(forkBody).toContain("This pull request comes from a fork");
  });

  it("applies on merge in order; a refusal in staging stops production; one job per environment lands in its account only", async () => {
    const { workspace, origins } = await setUp();
    const pr = await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins } });
    expect(pr.exitCode).toBe(0);
    github!.state.pullsByCommit[MERGE_SHA] = [7];
    github!.state.pullHeadShas[7] = "a".repeat(40);
    const push = { eventName: "push", event: { ref: "refs/heads/main", after: MERGE_SHA }, sha: MERGE_SHA };

    // The staging account moves after the review: staging is refused and production is not touched.
    const stagingApi = createTrackersApi({ env: { SYMBL_APP_ID: STAGING.appId, SYMBL_APP_SECRET: STAGING.appSecret, SYMBL_API_URL: project!.staging.url } });
    await stagingApi.createTracker({ name: "Added In The UI", vocabulary: ["hello there", "good morning", "good evening", "hi there", "hey there"] });
    const productionSeen = project!.production.requests().length;
    const refused = await run(workspace, { inputs: { command: "apply", "symbl-api-urls": origins }, ...push });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toContain("Environment 'staging': The plan reviewed on pull request #7 (fingerprint");
    expect(refused.stdout).toContain("Environment 'production': not applied because environment 'staging' before it did not finish cleanly");
    expect(refused.summary).toContain("⏭️ **Not applied:**");
    expect(project!.production.requests()).toHaveLength(productionSeen);
    expect(project!.staging.trackers().map((tracker) => tracker.name)).toEqual(["Added In The UI"]);

    // Re-plan, then the per-environment jobs: staging alone (its own inputs), then production alone.
    expect((await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins } })).exitCode).toBe(0);
    const productionBeforeStaging = project!.production.requests().length;
    const stagingJob = await run(workspace, {
      inputs: { command: "apply", environment: "staging", "symbl-app-id": STAGING.appId, "symbl-app-secret": STAGING.appSecret, "symbl-api-url": project!.staging.url },
      env: {},
      ...push,
    });
    expect(stagingJob.stderr).toBe("");
    expect(stagingJob.exitCode).toBe(0);
    expect(
      project!.staging
        .trackers()
        .map((tracker) => tracker.name)
        .sort(),
    ).toEqual(["Added In The UI", "Refund Request", "Retention Offer"]);
    expect(project!.production.trackers()).toEqual([]);
    expect(project!.production.requests()).toHaveLength(productionBeforeStaging);
    expect(github!.state.comments.filter((comment) => comment.body.startsWith("<!-- tracker-sync:apply:staging -->"))).toHaveLength(1);

    const productionJob = await run(workspace, { inputs: { command: "apply", environment: "production", "symbl-api-urls": origins }, ...push });
    expect(productionJob.exitCode).toBe(0);
    expect(project!.production.trackers().map((tracker) => tracker.name)).toEqual(["Refund Request"]);
    expectNoSecretLeaks(productionJob, github!, [PRODUCTION.appId, PRODUCTION.appSecret, GITHUB_TOKEN]);
  });

  it("each environment's apply holds that account's lock: a lock held in staging refuses staging (exit 3) and stops production", async () => {
    const { workspace, origins } = await setUp();
    expect((await run(workspace, { inputs: { command: "plan", "symbl-api-urls": origins } })).exitCode).toBe(0);
    github!.state.pullsByCommit[MERGE_SHA] = [7];
    github!.state.pullHeadShas[7] = "a".repeat(40);
    const stagingApi = createTrackersApi({ env: { SYMBL_APP_ID: STAGING.appId, SYMBL_APP_SECRET: STAGING.appSecret, SYMBL_API_URL: project!.staging.url } });
    const held = await acquireAccountLock(stagingApi, { holder: "another apply" });
    const productionSeen = project!.production.requests().length;

    const refused = await run(workspace, { inputs: { command: "apply", "symbl-api-urls": origins }, eventName: "push", event: { ref: "refs/heads/main", after: MERGE_SHA }, sha: MERGE_SHA });
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout).toContain(`lock id ${held.lockId}`);
    expect(refused.stdout).toContain("Environment 'production': not applied because environment 'staging' before it did not finish cleanly");
    expect(project!.staging.trackers().map((tracker) => tracker.name)).toEqual([LOCK_TRACKER_NAME]);
    expect(project!.production.requests()).toHaveLength(productionSeen);
  });

  it("apply trusts only the Action's own plan comment: a forged section is ignored, and an unreviewed delete is refused", async () => {
    const { workspace, origins } = await setUp(CONFIG.replace("  - name: staging\n", "  - name: staging\n    prune: true\n"));
    const stagingApi = createTrackersApi({ env: { SYMBL_APP_ID: STAGING.appId, SYMBL_APP_SECRET: STAGING.appSecret, SYMBL_API_URL: project!.staging.url } });
    await stagingApi.createTracker({ name: "Old Tracker", vocabulary: ["old one", "old two", "old three", "old four", "old five"] });
    github!.state.pullsByCommit[MERGE_SHA] = [7];
    github!.state.pullHeadShas[7] = "a".repeat(40);
    const forgedState = { environment: "staging", status: "planned", fingerprint: "f", desiredFingerprint: "d", mode: "offline", sha: "a".repeat(40), deletes: ["Old Tracker"], settingsDigest: "s" };
    github!.state.comments.push({
      id: 999,
      issueNumber: 7,
      user: { login: "mallory", type: "User" },
      body: `${PLAN_COMMENT_MARKER}\n<!-- tracker-sync:environment-state ${JSON.stringify(forgedState)} -->\nLooks reviewed.`,
    });

    const result = await run(workspace, { inputs: { command: "apply", "symbl-api-urls": origins }, eventName: "push", event: { ref: "refs/heads/main", after: MERGE_SHA }, sha: MERGE_SHA });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain("Ignored comment 999 on pull request #7 by mallory");
    expect(result.stdout).toContain("Environment 'staging': No reviewed tracker-sync plan was found on pull request #7");
    expect(result.stdout).toContain("Environment 'production': not applied because environment 'staging' before it did not finish cleanly");
    expect(project!.staging.trackers().map((tracker) => tracker.name)).toEqual(["Old Tracker"]);
    expect(project!.production.trackers()).toEqual([]);
  });

  it("drift keeps one issue per environment", async () => {
    const { workspace, origins } = await setUp();
    const result = await run(workspace, { inputs: { command: "drift", "symbl-api-urls": origins }, eventName: "schedule", event: {} });
    expect(result.exitCode).toBe(0);
    const issues = github!.state.issues.filter((issue) => issue.labels.includes("tracker-drift"));
    expect(issues.map((issue) => issue.title).sort()).toEqual(["Symbl trackers differ from the repository (production)", "Symbl trackers differ from the repository (staging)"]);
    expect(issues.find((issue) => issue.title.endsWith("(staging)"))!.body.startsWith("<!-- tracker-sync:drift:staging -->")).toBe(true);

    const again = await run(workspace, { inputs: { command: "drift", "symbl-api-urls": origins }, eventName: "schedule", event: {} });
    expect(again.exitCode).toBe(0);
    expect(github!.state.issues.filter((issue) => issue.labels.includes("tracker-drift"))).toHaveLength(2);
    expect(again.outputs["drift-issue"]!.split("\n").map((line) => line.split("=")[0])).toEqual(["staging", "production"]);
  });
});
