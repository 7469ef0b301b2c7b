import { isWrittenBy, type ActionIdentity } from "./action-identity.js";
import type { GitHubClient } from "./create-github-client.js";

/** Hidden first line of the plan comment; the comment is found by it, so it must never change. */
export const PLAN_COMMENT_MARKER = "<!-- tracker-sync:plan -->";

export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface StickyCommentResult {
  id: number;
  action: "created" | "updated" | "unchanged";
  url: string;
}

export interface StoredComment {
  id: number;
  body: string;
  url: string;
  author: string;
}

/** The comments that start with a marker: the first one the Action wrote, and every other one. */
export interface MarkedComments {
  ours?: StoredComment;
  /** Written by anyone else: never read as state, never edited, named in the log by the caller. */
  foreign: StoredComment[];
}

/** Every comment on the issue or pull request that starts with `marker`, reading every page, split by author. */
export async function findStickyComment(octokit: GitHubClient, ref: IssueRef, marker: string, identity: ActionIdentity): Promise<MarkedComments> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.issueNumber,
    per_page: 100,
  });
  const result: MarkedComments = { foreign: [] };
  for await (const page of pages) {
    for (const comment of page.data) {
      // Starts-with, not includes: a human reply that quotes our comment must not be taken for it.
      if (!comment.body?.startsWith(marker)) continue;
      const stored = { id: comment.id, body: comment.body, url: comment.html_url, author: comment.user?.login ?? "(deleted user)" };
      if (!isWrittenBy(comment, identity)) result.foreign.push(stored);
      else result.ours ??= stored;
    }
  }
  return result;
}

/**
 * Creates the one comment that carries `marker`, or edits it in place. An identical body is left alone,
 * so re-runs without changes send no notification. Only a comment the Action wrote is ever edited: a
 * look-alike by someone else stays theirs and keeps counting for nothing.
 */
export async function upsertStickyComment(octokit: GitHubClient, ref: IssueRef, marker: string, body: string, identity: ActionIdentity): Promise<StickyCommentResult> {
  const text = body.startsWith(marker) ? body : `${marker}\n${body}`;
  const existing = (await findStickyComment(octokit, ref, marker, identity)).ours;
  if (existing && existing.body === text) return { id: existing.id, action: "unchanged", url: existing.url };
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: existing.id, body: text });
    return { id: data.id, action: "updated", url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, body: text });
  return { id: data.id, action: "created", url: data.html_url };
}
