import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/action/create-github-client.js";
import { WORKFLOW_TOKEN_IDENTITY as BOT } from "../../src/action/action-identity.js";
import { findStickyComment, PLAN_COMMENT_MARKER, upsertStickyComment } from "../../src/action/sticky-comment.js";
import { startFakeGitHubServer, type FakeGitHubServer } from "../helpers/fake-github-server.js";

describe("sticky comment", () => {
  let github: FakeGitHubServer;
  const ref = { owner: "acme", repo: "trackers", issueNumber: 7 };

  beforeEach(async () => {
    github = await startFakeGitHubServer();
  });
  afterEach(async () => {
    await github.close();
  });

  function seedComments(count: number, ours?: { at: number; body: string; byOther?: boolean }) {
    for (let index = 0; index < count; index++) {
      const mine = ours && index === ours.at;
      const body = mine ? ours.body : `comment ${index} from a reviewer`;
      const user = mine && !ours.byOther ? { login: "github-actions[bot]", type: "Bot" } : { login: "someone", type: "User" };
      github.state.comments.push({ id: index + 1, issueNumber: 7, body, user });
    }
  }

  it("creates the comment once, then updates the same one", async () => {
    const octokit = createGitHubClient({ token: "gh-token", baseUrl: github.url, throttle: false });
    const first = await upsertStickyComment(octokit, ref, PLAN_COMMENT_MARKER, "plan v1", BOT);
    const second = await upsertStickyComment(octokit, ref, PLAN_COMMENT_MARKER, "plan v2", BOT);
    expect(first.action).toBe("created");
    expect(second).toMatchObject({ action: "updated", id: first.id });
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]!.body).toBe(`${PLAN_COMMENT_MARKER}\nplan v2`);
    // The fake records requests without the Authorization header, and the token never travels in a body.
    expect(github.requests().every((request) => !("authorization" in request.headers) && !request.rawBody.includes("gh-token"))).toBe(true);
  });

  it("finds its comment on page 2 of 150 comments and never duplicates it", async () => {
    seedComments(150, { at: 120, body: `${PLAN_COMMENT_MARKER}\nold plan` });
    const octokit = createGitHubClient({ token: "gh-token", baseUrl: github.url, throttle: false });
    const result = await upsertStickyComment(octokit, ref, PLAN_COMMENT_MARKER, "new plan", BOT);
    expect(result).toMatchObject({ action: "updated", id: 121 });
    expect(github.state.comments).toHaveLength(150);
    expect(github.state.comments.filter((comment) => comment.body.startsWith(PLAN_COMMENT_MARKER))).toHaveLength(1);
    const listCalls = github.requests().filter((request) => request.method === "GET" && request.path.endsWith("/issues/7/comments"));
    expect(listCalls.map((request) => request.query.page ?? "1")).toEqual(["1", "2"]);
  });

  it("ignores a reply that quotes the marker", async () => {
    seedComments(3, { at: 1, body: `> ${PLAN_COMMENT_MARKER}\n> quoted plan` });
    const octokit = createGitHubClient({ token: "gh-token", baseUrl: github.url, throttle: false });
    expect((await findStickyComment(octokit, ref, PLAN_COMMENT_MARKER, BOT)).ours).toBeUndefined();
    expect((await upsertStickyComment(octokit, ref, PLAN_COMMENT_MARKER, "plan", BOT)).action).toBe("created");
  });

  it("sends nothing when the body has not changed", async () => {
    const octokit = createGitHubClient({ token: "gh-token", baseUrl: github.url, throttle: false });
    await upsertStickyComment(octokit, ref, PLAN_COMMENT_MARKER, "same plan", BOT);
    const result = await upsertStickyComment(octokit, ref, PLAN_COMMENT_MARKER, "same plan", BOT);
    expect(result.action).toBe("unchanged");
    expect(github.requests().filter((request) => request.method !== "GET")).toHaveLength(1);
  });
});
