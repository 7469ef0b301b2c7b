import type { GitHubClient } from "./create-github-client.js";

/** The GitHub account the Action's comments are posted as. Only its comments can carry a reviewed plan. */
export interface ActionIdentity {
  login: string;
  type: "Bot" | "User";
  /** How it was determined, for the log and docs/security.md. */
  source: "workflow-token" | "token-user";
}

/** The account behind the workflow's GITHUB_TOKEN. */
export const WORKFLOW_TOKEN_IDENTITY: ActionIdentity = { login: "github-actions[bot]", type: "Bot", source: "workflow-token" };

const INTEGRATION_REFUSAL = /resource not accessible by integration/i;
const resolved = new WeakMap<GitHubClient, Promise<ActionIdentity>>();

/**
 * Who the token posts as. GET /user answers for a personal access token (classic or fine-grained) with its
 * user; for an installation token, such as the workflow's GITHUB_TOKEN, GitHub answers 403 "Resource not
 * accessible by integration", and the workflow token posts as github-actions[bot]. Every other answer is
 * an error: guessing an identity would let the wrong comments count as reviewed plans.
 */
export function resolveActionIdentity(octokit: GitHubClient): Promise<ActionIdentity> {
  let identity = resolved.get(octokit);
  if (!identity) {
    identity = lookUpIdentity(octokit);
    resolved.set(octokit, identity);
  }
  return identity;
}

async function lookUpIdentity(octokit: GitHubClient): Promise<ActionIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    if (typeof data?.login !== "string" || data.login === "") throw new Error("GET /user answered without a login; cannot tell which comments the Action wrote.");
    return { login: data.login, type: data.type === "Bot" ? "Bot" : "User", source: "token-user" };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 && INTEGRATION_REFUSAL.test((error as Error).message)) return WORKFLOW_TOKEN_IDENTITY;
    throw error;
  }
}

/** Whether a comment (as the REST API returns it) was written by the Action's identity. */
export function isWrittenBy(comment: { user?: { login?: string; type?: string } | null }, identity: ActionIdentity): boolean {
  const user = comment.user;
  if (!user || typeof user.login !== "string") return false;
  return user.login.toLowerCase() === identity.login.toLowerCase() && user.type === identity.type;
}

/** "github-actions[bot] (the workflow token)" or "octocat (the token's user)". */
export function describeIdentity(identity: ActionIdentity): string {
  return `${identity.login} (${identity.source === "workflow-token" ? "the workflow token" : "the github-token's user"})`;
}
