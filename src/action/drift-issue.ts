import type { GitHubClient } from "./create-github-client.js";

export const DRIFT_LABEL = "tracker-drift";
export const DRIFT_ISSUE_TITLE = "Symbl trackers differ from the repository";

export type DriftIssueOutcome = { action: "opened" | "updated" | "unchanged" | "closed"; number: number; url: string } | { action: "none" };

/**
 * Keeps exactly one open issue labelled `tracker-drift`: opened or updated with `body` while the account
 * differs (`inSync` false), closed with `closingComment` once it matches again.
 */
export async function syncDriftIssue(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  drift: { inSync: boolean; body: string; closingComment: string; environment?: string },
): Promise<DriftIssueOutcome> {
  const marker = drift.environment !== undefined ? driftIssueMarker(drift.environment) : undefined;
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.repo,
    labels: DRIFT_LABEL,
    state: "open",
    per_page: 100,
  });
  // The issues endpoint also returns pull requests; a PR carrying the label is not our issue.
  // With environments each has its own issue, found by the hidden marker its body starts with.
  const existing = open.filter((issue) => !issue.pull_request && (marker === undefined || (issue.body ?? "").startsWith(marker))).sort((a, b) => a.number - b.number)[0];
  const body = marker !== undefined ? `${marker}\n${drift.body}` : drift.body;
  if (drift.inSync) {
    if (!existing) return { action: "none" };
    await octokit.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: existing.number, body: drift.closingComment });
    await octokit.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: existing.number, state: "closed", state_reason: "completed" });
    return { action: "closed", number: existing.number, url: existing.html_url };
  }
  if (existing) {
    if (existing.body === body) return { action: "unchanged", number: existing.number, url: existing.html_url };
    await octokit.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: existing.number, body });
    return { action: "updated", number: existing.number, url: existing.html_url };
  }
  const { data } = await octokit.rest.issues.create({
    owner: repo.owner,
    repo: repo.repo,
    title: drift.environment !== undefined ? `${DRIFT_ISSUE_TITLE} (${drift.environment})` : DRIFT_ISSUE_TITLE,
    body,
    labels: [DRIFT_LABEL],
  });
  return { action: "opened", number: data.number, url: data.html_url };
}

/** First line of an environment's drift issue; environment names are schema-checked, so it is plain text. */
export function driftIssueMarker(environment: string): string {
  return `<!-- tracker-sync:drift:${environment} -->`;
}
