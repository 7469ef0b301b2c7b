import type { GitHubClient } from "./create-github-client.js";

export interface AssociatedPullRequest {
  number: number;
  /** The last commit of the pull request's branch: the commit its reviewed plan must have been made for. */
  headSha: string;
}

/**
 * The pull request a pushed commit came from, through GET /repos/{owner}/{repo}/commits/{sha}/pulls.
 * With several (a commit can be on many branches), the merged one wins, then the lowest number.
 */
export async function findAssociatedPullRequest(octokit: GitHubClient, repo: { owner: string; repo: string }, sha: string): Promise<AssociatedPullRequest | undefined> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha, per_page: 100 });
  const ranked = [...data].sort((a, b) => Number(Boolean(b.merged_at)) - Number(Boolean(a.merged_at)) || a.number - b.number);
  const found = ranked[0];
  return found ? { number: found.number, headSha: found.head?.sha ?? "" } : undefined;
}
