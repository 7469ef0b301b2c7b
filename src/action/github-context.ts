import { readFileSync } from "node:fs";
import { UserError } from "../errors.js";

export interface PullRequestContext {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  /** The head repository is not the base repository (or was deleted): no secrets, read-only token. */
  fromFork: boolean;
}

/** What the action needs to know about the workflow run, read once from the runner's environment. */
export interface GitHubContext {
  eventName: string;
  owner: string;
  repo: string;
  sha: string;
  /** Directory the repository is checked out in; annotation paths are relative to it. */
  workspace: string;
  apiUrl: string;
  /** Link to this run, where the job summary lives. */
  runUrl?: string;
  pullRequest?: PullRequestContext;
}

/** Reads GITHUB_* variables and the event payload; a missing GITHUB_REPOSITORY means we are not in Actions. */
export function readGitHubContext(env: Record<string, string | undefined>, cwd: string): GitHubContext {
  const repository = env.GITHUB_REPOSITORY ?? "";
  const [owner, repo] = repository.split("/");
  if (!owner || !repo) {
    throw new UserError("GITHUB_REPOSITORY is not set (expected 'owner/repo'); this action only runs inside GitHub Actions.");
  }
  const payload = readEventPayload(env.GITHUB_EVENT_PATH);
  const serverUrl = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
  const runUrl = env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    owner,
    repo,
    sha: env.GITHUB_SHA ?? "",
    workspace: env.GITHUB_WORKSPACE ?? cwd,
    apiUrl: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, ""),
    ...(runUrl ? { runUrl } : {}),
    ...readPullRequest(payload, repository),
  };
}

function readEventPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`Cannot read the event payload at GITHUB_EVENT_PATH (${path}): ${(error as Error).message}.`);
  }
}

interface PullRequestPayload {
  number?: number;
  head?: { sha?: string; repo?: { full_name?: string } | null };
  base?: { sha?: string; ref?: string; repo?: { full_name?: string } };
}

function readPullRequest(payload: Record<string, unknown>, repository: string): { pullRequest?: PullRequestContext } {
  const pr = payload.pull_request as PullRequestPayload | undefined;
  if (!pr || typeof pr.number !== "number") return {};
  const headRepo = pr.head?.repo?.full_name;
  const baseRepo = pr.base?.repo?.full_name ?? repository;
  return {
    pullRequest: {
      number: pr.number,
      headSha: pr.head?.sha ?? "",
      baseSha: pr.base?.sha ?? "",
      baseRef: pr.base?.ref ?? "",
      fromFork: !headRepo || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
    },
  };
}
