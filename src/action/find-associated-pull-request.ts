import type { GitHubClient } from "./create-github-client.js";

/**
 * The pull request a pushed commit came from, through GET /repos/{owner}/{repo}/commits/{sha}/pulls.
 * With several (a commit can be on many branches), the merged one wins, then the lowest number.
 */
export async function findAssociatedPullRequest(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  sha: string,
): Promise<number | undefined> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha, per_page: 100 });
  const ranked = [...data].sort((a, b) => Number(Boolean(b.merged_at)) - Number(Boolean(a.merged_at)) || a.number - b.number);
  return ranked[0]?.number;
}
