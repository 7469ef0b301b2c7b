import { Octokit } from "octokit";

export type GitHubClient = InstanceType<typeof Octokit>;

/** An Octokit for the workflow's repository; `baseUrl` comes from GITHUB_API_URL so GHES works too. */
export function createGitHubClient(options: { token: string; baseUrl: string; throttle?: boolean }): GitHubClient {
  return new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    // GitHub asks for writes to be spaced (secondary rate limits); unit tests against a local fake turn it off.
    ...(options.throttle === false ? { throttle: { enabled: false } } : {}),
    // Octokit logs through console by default; warnings would become noise in the job log.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: console.error },
  });
}
