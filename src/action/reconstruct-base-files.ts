import { UserError } from "../errors.js";
import type { GitHubClient } from "./create-github-client.js";

/** GitHub lists at most this many files of a pull request; beyond it the change set is unknown. */
const MAX_LISTED_PULL_FILES = 3000;

export interface BaseFilesOptions {
  repo: { owner: string; repo: string };
  pullNumber: number;
  /** The base branch commit to read changed files from. */
  baseSha: string;
  /** The checked-out definition files, repository-relative path → content. */
  headFiles: ReadonlyMap<string, string>;
  /** Whether a repository path is a definition file under the configured paths. */
  isDefinitionPath: (path: string) => boolean;
}

/**
 * The base branch's definition files, rebuilt from the checkout and the pull request's file list: files the
 * pull request did not touch are the same on both sides, so only changed ones are read from the base
 * commit. A typical pull request costs two or three API calls instead of one per definition file, which
 * matters with the workflow token's hourly request budget.
 */
export async function reconstructBaseFiles(octokit: GitHubClient, options: BaseFilesOptions): Promise<Array<{ path: string; content: string }>> {
  const { repo } = options;
  const changed = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: repo.owner, repo: repo.repo, pull_number: options.pullNumber, per_page: 100 });
  if (changed.length >= MAX_LISTED_PULL_FILES) {
    throw new UserError(
      `Pull request #${options.pullNumber} changes ${MAX_LISTED_PULL_FILES} or more files, more than GitHub lists, so the offline plan cannot tell what it changes. Split the pull request, or plan it with Symbl credentials.`,
    );
  }
  const base = new Map(options.headFiles);
  for (const file of changed) {
    // Whatever the head has at a changed path is not the base's version.
    base.delete(file.filename);
    const basePath = file.status === "renamed" ? file.previous_filename : file.status === "added" || file.status === "copied" ? undefined : file.filename;
    if (basePath === undefined || !options.isDefinitionPath(basePath)) continue;
    const content = await readFileAt(octokit, repo, options.baseSha, basePath);
    if (content !== undefined) base.set(basePath, content);
  }
  return [...base.entries()].map(([path, content]) => ({ path, content })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function readFileAt(octokit: GitHubClient, repo: { owner: string; repo: string }, ref: string, path: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
    if (Array.isArray(data) || data.type !== "file" || typeof (data as { content?: unknown }).content !== "string") return undefined;
    return Buffer.from((data as { content: string }).content, "base64").toString("utf8");
  } catch (error) {
    // Listed as modified but missing at the base commit: the base branch moved on; nothing to compare with.
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
