import type { Plan } from "../model/plan.js";
import { describeIdentity, type ActionIdentity } from "./action-identity.js";
import type { ActionIo } from "./action-io.js";
import type { GitHubClient } from "./create-github-client.js";
import type { AssociatedPullRequest } from "./find-associated-pull-request.js";
import { readPlanCommentState, type PlanCommentState } from "./plan-comment.js";
import { findStickyComment, PLAN_COMMENT_MARKER } from "./sticky-comment.js";

/**
 * What the merged pull request's plan comment says was reviewed. Only a comment the Action wrote counts
 * (anyone can write a comment that starts with the marker), and only a state recorded for the commit that
 * was merged.
 */
export type ReviewedPlan =
  /** The Action wrote no plan comment (comments off, a fork's read-only token, or the workflow did not run). */
  | { kind: "none" }
  /** The Action's comment holds no state apply can check: the plan failed, or validation did. */
  | { kind: "no-plan"; url: string }
  /** The state is for another commit than the one merged (a later push was never planned). */
  | { kind: "other-commit"; url: string; plannedSha: string }
  | { kind: "reviewed"; url: string; state: PlanCommentState };

export async function readReviewedPlan(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  pull: AssociatedPullRequest,
  identity: ActionIdentity,
  io: Pick<ActionIo, "warning">,
): Promise<ReviewedPlan> {
  const ours = await findActionPlanComment(octokit, repo, pull, identity, io);
  if (!ours) return { kind: "none" };
  const state = readPlanCommentState(ours.body);
  if (!state) return { kind: "no-plan", url: ours.url };
  return holdToMergedCommit(ours.url, state, pull);
}

/**
 * The plan comment the Action itself wrote on the merged pull request, or undefined. Look-alike comments by
 * anyone else are named in the log and never read.
 */
export async function findActionPlanComment(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  pull: AssociatedPullRequest,
  identity: ActionIdentity,
  io: Pick<ActionIo, "warning">,
): Promise<{ url: string; body: string } | undefined> {
  const comments = await findStickyComment(octokit, { ...repo, issueNumber: pull.number }, PLAN_COMMENT_MARKER, identity);
  for (const forged of comments.foreign) {
    io.warning(
      `Ignored comment ${forged.id} on pull request #${pull.number} by ${forged.author} (${forged.url}): it looks like a tracker-sync plan, but only comments by ${describeIdentity(identity)} count as reviewed plans.`,
    );
  }
  if (!comments.ours) {
    io.warning(
      `Pull request #${pull.number} has no tracker-sync plan comment by ${describeIdentity(identity)}, so there is no reviewed plan to hold this apply to; a plan that deletes trackers is refused.`,
    );
  }
  return comments.ours;
}

/** A recorded plan state counts only for the commit that was merged (the pull request's head). */
export function holdToMergedCommit(url: string, state: PlanCommentState, pull: AssociatedPullRequest): ReviewedPlan {
  if (pull.headSha === "" || state.sha !== pull.headSha) return { kind: "other-commit", url, plannedSha: state.sha };
  return { kind: "reviewed", url, state };
}

/**
 * Why the live plan must not be applied on this merge, or undefined when it may. `settingsDigest` is the
 * digest of the settings apply runs with now.
 */
export function decideReviewedPlanRefusal(plan: Plan, reviewed: ReviewedPlan, pull: AssociatedPullRequest, settingsDigest: string): string | undefined {
  const rerun = "Nothing was applied. Review the plan below; to apply it, run this workflow manually (Actions → Run workflow).";
  const pr = `pull request #${pull.number}`;
  const deletes = plan.changes.filter((change) => change.kind === "delete").map((change) => change.name);
  switch (reviewed.kind) {
    case "none":
      if (deletes.length === 0) return undefined;
      return `No reviewed tracker-sync plan was found on ${pr} (no plan comment by the Action), and this plan deletes ${quoteNames(deletes)}. A delete needs a reviewed plan that names it. ${rerun}`;
    case "no-plan":
      return `The last plan comment on ${pr} (${reviewed.url}) holds no plan this apply can check: the plan did not complete, validation failed, or an older tracker-sync wrote it. ${rerun}`;
    case "other-commit":
      return `The plan on ${pr} was made for commit ${shortSha(reviewed.plannedSha)}, but the pull request was merged at commit ${shortSha(pull.headSha)}: the last push was never planned. ${rerun}`;
    case "reviewed":
      return describeMismatch(plan, reviewed.state, pr, settingsDigest, deletes, rerun);
  }
}

function describeMismatch(plan: Plan, state: PlanCommentState, pr: string, settingsDigest: string, deletes: string[], rerun: string): string | undefined {
  if (state.apiUrl !== undefined && plan.target !== undefined && state.apiUrl !== plan.target.apiUrl) {
    return `The plan reviewed on ${pr} was made against ${state.apiUrl}, but this apply targets ${plan.target.apiUrl}. ${rerun}`;
  }
  if (state.mode === "live" && state.fingerprint !== plan.fingerprint) {
    return `The plan reviewed on ${pr} (fingerprint ${state.fingerprint}) is not the plan for this commit (fingerprint ${plan.fingerprint}): the live account or the definitions changed after the review. ${rerun}`;
  }
  const unshown = deletes.filter((name) => !state.deletes.includes(name));
  if (unshown.length > 0) {
    return `This plan deletes ${quoteNames(unshown)}, which the plan reviewed on ${pr} did not name${state.mode === "offline" ? " (it was an offline plan, which could not see the account)" : ""}. ${rerun}`;
  }
  if (state.settingsDigest !== settingsDigest) {
    return `The prune, ownership, guards or paths settings this apply runs with are not the ones the plan reviewed on ${pr} showed (the config or the workflow's prune/path inputs changed after the review). ${rerun}`;
  }
  if (state.desiredFingerprint !== plan.desiredFingerprint) {
    return `The definitions or settings at the merged commit are not the ones the plan reviewed on ${pr} was made from (the base branch moved after the review). ${rerun}`;
  }
  return undefined;
}

function quoteNames(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((name) => JSON.stringify(name));
  return `${names.length === 1 ? "the tracker" : `${names.length} trackers:`} ${shown.join(", ")}${names.length > 10 ? ", …" : ""}`;
}

function shortSha(sha: string): string {
  return sha === "" ? "(unknown)" : sha.slice(0, 7);
}

/** A safety guard's refusal of the live plan (for one environment, when named), or undefined. */
export function describeGuardRefusal(plan: Plan, environment?: string): string | undefined {
  if (plan.violations.length === 0) return undefined;
  const what = environment === undefined ? "Apply" : `Apply to environment '${environment}'`;
  return `${what} refused by ${plan.violations.length === 1 ? "a safety guard" : `${plan.violations.length} safety guards`}; nothing was applied:\n${plan.violations.map((violation) => `  ${violation.message}`).join("\n")}`;
}
