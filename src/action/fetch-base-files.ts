import { UserError } from "../errors.js";
import type { GitHubClient } from "./create-github-client.js";

const DEFINITION_FILE = /\.ya?ml$/i;
/** A safety stop: trackers fit in far fewer files (500 trackers per account). */
const MAX_FILES = 2000;

/**
 * The definition files under `paths` at `ref`, read through the contents API, so a fork pull request can be
 * compared with its base branch without a second checkout. A path missing on the base branch yields nothing.
 */
export async function fetchBaseFiles(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  ref: string,
  paths: readonly string[],
): Promise<Array<{ path: string; content: string }>> {
  const files: Array<{ path: string; content: string }> = [];
  const pending = [...paths.map((path) => path.replace(/^\.\/+/, "").replace(/\/+$/, ""))];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const path = pending.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = await getContent(octokit, repo, ref, path);
    if (entry === undefined) continue;
    if (Array.isArray(entry)) {
      for (const child of entry) {
        // The same directories the local loader skips, so both sides of the comparison read the same files.
        if (child.type === "dir" && !child.name.startsWith(".") && child.name !== "node_modules") pending.push(child.path);
        else if (child.type === "file" && DEFINITION_FILE.test(child.name)) pending.push(child.path);
      }
      continue;
    }
    if (entry.type !== "file" || typeof entry.content !== "string") continue;
    files.push({ path: entry.path, content: Buffer.from(entry.content, "base64").toString("utf8") });
    if (files.length > MAX_FILES) {
      throw new UserError(`The base branch has more than ${MAX_FILES} definition files under ${paths.join(", ")}; narrow 'paths' in the config.`);
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

type ContentEntry = { type: string; name: string; path: string; content?: string };

async function getContent(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  ref: string,
  path: string,
): Promise<ContentEntry | ContentEntry[] | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
    return data as ContentEntry | ContentEntry[];
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
