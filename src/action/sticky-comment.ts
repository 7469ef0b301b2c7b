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

/** The first comment on the issue or pull request that starts with `marker`, reading every page. */
export async function findStickyComment(
  octokit: GitHubClient,
  ref: IssueRef,
  marker: string,
): Promise<{ id: number; body: string; url: string } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    // Starts-with, not includes: a human reply that quotes our comment must not be taken for it.
    const found = page.data.find((comment) => comment.body?.startsWith(marker));
    if (found) return { id: found.id, body: found.body ?? "", url: found.html_url };
  }
  return undefined;
}

/**
 * Creates the one comment that carries `marker`, or edits it in place. An identical body is left alone,
 * so re-runs without changes send no notification.
 */
export async function upsertStickyComment(
  octokit: GitHubClient,
  ref: IssueRef,
  marker: string,
  body: string,
): Promise<StickyCommentResult> {
  const text = body.startsWith(marker) ? body : `${marker}\n${body}`;
  const existing = await findStickyComment(octokit, ref, marker);
  if (existing && existing.body === text) return { id: existing.id, action: "unchanged", url: existing.url };
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: existing.id, body: text });
    return { id: data.id, action: "updated", url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.issueNumber, body: text });
  return { id: data.id, action: "created", url: data.html_url };
}
