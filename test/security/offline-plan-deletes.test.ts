import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPLY_COMMENT_MARKER } from "../../src/action/commands/apply.js";
import { toPseudoLive } from "../../src/action/plan-against-base.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { pullRequestEvent, runAction, trackerYaml } from "../action/action-harness.js";
import { closeServersAfterEach, credentials, GITHUB_TOKEN, planComments, SEED, startServers, workspaceWith } from "../action/fixtures.js";
import { config, definition } from "../plan/builders.js";

closeServersAfterEach();

const HEAD_SHA = "c".repeat(40);
const BASE_SHA = "b".repeat(40);
const MERGE_SHA = "e".repeat(40);
const NEVER_IN_GIT = { name: "Upsell Pitch", vocabulary: ["upgrade your plan", "premium tier", "special offer", "limited time deal", "add more seats"] };
const WRITES = new Set(["PUT", "DELETE", "POST"]);

/** Issue 11, item 3: an offline (fork / no-credentials) plan never hides a delete, and apply holds the merge to it. */
describe("security: the offline plan never hides a delete", () => {
  async function planOffline(files: Record<string, string>, changed: Array<{ filename: string; status: "added" | "modified" }>) {
    const servers = await startServers({ initialTrackers: [...SEED, NEVER_IN_GIT] });
    const workspace = workspaceWith(SEED[0]!.vocabulary);
    for (const [path, content] of Object.entries(files)) writeFileSync(join(workspace, path), content);
    servers.github.state.files[BASE_SHA] = {
      "trackers/refund-request.yaml": trackerYaml("Refund Request", SEED[0]!.vocabulary),
      "trackers/billing-dispute.yaml": trackerYaml("Billing Dispute", SEED[1]!.vocabulary),
      "trackers/cancellation.yaml": readFileSync(join(workspace, "trackers/cancellation.yaml"), "utf8"),
    };
    servers.github.state.pullFiles[21] = changed;
    // A branch of this repository without Symbl secrets: offline, and its token may comment.
    const run = await runAction({
      workspace,
      inputs: { command: "plan", "github-token": GITHUB_TOKEN },
      eventName: "pull_request",
      event: pullRequestEvent({ number: 21, headSha: HEAD_SHA, baseSha: BASE_SHA }),
      githubApiUrl: servers.github.url,
    });
    return { ...servers, workspace, run };
  }

  async function applyMerge(context: Awaited<ReturnType<typeof planOffline>>) {
    context.github.state.pullsByCommit[MERGE_SHA] = [21];
    context.github.state.pullHeadShas[21] = HEAD_SHA;
    return runAction({
      workspace: context.workspace,
      inputs: { command: "apply", ...credentials(context.emulator) },
      eventName: "push",
      event: {},
      sha: MERGE_SHA,
      githubApiUrl: context.github.url,
    });
  }

  it("names a tombstone for a tracker that was never in Git, instead of claiming the account matches", async () => {
    const context = await planOffline({ "trackers/upsell.yaml": `name: ${NEVER_IN_GIT.name}\nretired: true\nvocabulary:\n${NEVER_IN_GIT.vocabulary.map((phrase) => `  - ${phrase}\n`).join("")}` }, [
      { filename: "trackers/upsell.yaml", status: "added" },
    ]);
    expect(context.run.exitCode, context.run.stdout).toBe(0);
    const body = planComments(context.github)[0]!.body;
    expect(body).not.toContain("The account matches the repository");
    expect(body).toContain(`deletes the live tracker "Upsell Pitch" if it exists`);
    const plan = JSON.parse(readFileSync(context.run.outputs["plan-json"]!, "utf8"));
    expect(plan.offlineScope.retiredNames).toEqual(["Upsell Pitch"]);
    expect(context.run.outputs["has-changes"]).toBe("true");

    // The reviewed plan named the delete, so the merge may carry it out.
    const apply = await applyMerge(context);
    expect(apply.exitCode, apply.stdout).toBe(0);
    expect(context.emulator.trackers().map((tracker) => tracker.name)).not.toContain("Upsell Pitch");
  });

  it("shows prune and loosened guards as changes, and refuses (exit 3) the merge that would prune a tracker the plan did not name", async () => {
    const context = await planOffline({ "tracker-sync.yaml": "prune: true\nguards:\n  maxDeletes: 500\n  maxDeletePercent: 100\n" }, [{ filename: "tracker-sync.yaml", status: "added" }]);
    expect(context.run.exitCode, context.run.stdout).toBe(0);
    const body = planComments(context.github)[0]!.body;
    expect(body).not.toContain("The account matches the repository");
    expect(body).toContain("changes the setting prune from false to true");
    expect(body).toContain("changes the setting guards.maxDeletes from 10 to 500");
    expect(body).toContain("changes the setting guards.maxDeletePercent from 25 to 100");
    expect(body).toContain("prune is on: deletes every live tracker that is not defined in the repository");

    const writesBefore = context.emulator.requests().filter((request) => WRITES.has(request.method) && !request.path.startsWith("/oauth2")).length;
    const apply = await applyMerge(context);
    expect(apply.exitCode).toBe(3);
    const error = apply.commands.find((command) => command.command === "error")?.message ?? "";
    expect(error).toContain('This plan deletes the tracker "Upsell Pitch", which the plan reviewed on pull request #21 did not name');
    expect(context.emulator.requests().filter((request) => WRITES.has(request.method) && !request.path.startsWith("/oauth2")).length).toBe(writesBefore);
    expect(context.emulator.trackers().map((tracker) => tracker.name)).toContain("Upsell Pitch");
    const applyComment = context.github.state.comments.find((comment) => comment.body.startsWith(APPLY_COMMENT_MARKER));
    expect(applyComment?.body).toContain("**Apply refused.** This plan deletes the tracker");
  });

  it("refuses when the settings apply runs with are not the ones the reviewed plan showed", async () => {
    const context = await planOffline({ "tracker-sync.yaml": "guards:\n  maxDeletes: 5\n" }, [{ filename: "tracker-sync.yaml", status: "added" }]);
    expect(context.run.exitCode, context.run.stdout).toBe(0);
    writeFileSync(join(context.workspace, "trackers/refund-request.yaml"), trackerYaml("Refund Request", [...SEED[0]!.vocabulary, "send it back"]));
    writeFileSync(join(context.workspace, "tracker-sync.yaml"), "guards:\n  maxDeletes: 50\n");
    const apply = await applyMerge(context);
    expect(apply.exitCode).toBe(3);
    expect(apply.commands.find((command) => command.command === "error")?.message).toContain(
      "The prune, ownership, guards or paths settings this apply runs with are not the ones the plan reviewed on pull request #21 showed",
    );
  });

  it("renders what an offline plan cannot see in text, Markdown and JSON, and never says the account matches", () => {
    const base = [definition("Refund Request", ["refund my order"])];
    const plan = {
      ...buildPlan({ desired: [...base, definition("Upsell Pitch", ["upgrade"], { retired: true })], live: toPseudoLive(base), config: config({ prune: true }), mode: "offline" }),
      offlineScope: { retiredNames: ["Upsell Pitch"], settingChanges: [{ setting: "prune", before: false, after: true }] },
    };
    const text = renderPlanText(plan, { color: false });
    const markdown = renderPlanMarkdown(plan);
    for (const rendered of [text, markdown]) {
      expect(rendered).not.toContain("The account matches the repository");
      expect(rendered).toContain("This plan did not read the account");
      expect(rendered).toMatch(/deletes the live tracker (&quot;|")Upsell Pitch(&quot;|") if it exists/);
      expect(rendered).toContain("changes the setting prune from false to true");
    }
    expect(JSON.parse(renderPlanJson(plan)).offlineScope).toEqual(plan.offlineScope);
    // The names are pull-request text: escaped for Markdown, control characters never reach a terminal.
    const hostile = { ...plan, offlineScope: { retiredNames: ["<img src=x> **approved**", "bell\u0007"], settingChanges: [] } };
    expect(renderPlanMarkdown(hostile)).toContain("&lt;img src=x&gt; &#42;&#42;approved&#42;&#42;");
    expect(renderPlanMarkdown(hostile)).not.toContain("<img");
    expect(renderPlanText(hostile, { color: false })).not.toContain("\u0007");
  });
});
