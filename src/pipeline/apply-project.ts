import type { TrackersApi } from "../client/trackers-api.js";
import { RefusedError } from "../errors.js";
import type { ProjectLoad } from "../load/load-project.js";
import type { ApiGeneration, Config } from "../model/config.js";
import type { ApplyResult, Plan } from "../model/plan.js";
import { applyPlan, type ApplyProgress } from "../apply/apply-plan.js";
import { describePlanDrift } from "../plan/compare-plans.js";
import { planProject } from "./plan-project.js";
import type { ProjectBoundary } from "../load/project-boundary.js";
import { acquireAccountLock, releaseAccountLock } from "../apply/account-lock.js";
import { fingerprintAccount } from "../plan/build-plan-gen2.js";

export type { ApplyProgress } from "../apply/apply-plan.js";

export interface ApplyProjectOptions {
  cwd: string;
  path?: string;
  configPath?: string;
  prune?: boolean;
  /** Overrides `api.generation` from tracker-sync.yaml (the `--api-generation` flag). */
  apiGeneration?: ApiGeneration;
  boundary?: ProjectBoundary;
  api: TrackersApi | ((config: Config) => TrackersApi);
  /** Refuse unless the fresh plan has this fingerprint. */
  expectFingerprint?: string;
  /** Refuse unless the fresh plan equals this reviewed plan (from `plan --format json --out FILE`). */
  reviewedPlan?: Plan;
  /** With `environments:` in the config: the one to apply (`--env`). */
  environment?: string;
  onProgress?: (event: ApplyProgress) => void;
  /** Checked before each operation; true stops apply there (Ctrl-C). */
  shouldStop?: () => boolean;
  /** Asked once the fresh plan passed every check and has changes; false cancels without writing. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /** Who applies, recorded in the account lock so a blocked apply can say who holds it. */
  lockHolder?: string;
  /** Problems that do not change the result (the lock could not be released). */
  onWarning?: (message: string) => void;
}

/**
 * Rebuilds the plan against the live account, refuses when it is not the reviewed one or breaks a guard,
 * then applies exactly that plan. No result when validation failed or the user said no.
 */
export async function applyProject(options: ApplyProjectOptions): Promise<{ load: ProjectLoad; plan?: Plan; result?: ApplyResult }> {
  let api: TrackersApi | undefined;
  const resolveApi = (config: Config) => (api ??= typeof options.api === "function" ? options.api(config) : options.api);
  const { load, plan } = await planProject({
    cwd: options.cwd,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.apiGeneration !== undefined ? { apiGeneration: options.apiGeneration } : {}),
    ...(options.boundary !== undefined ? { boundary: options.boundary } : {}),
    api: resolveApi,
  });
  if (!plan || !api) return { load };

  if (options.reviewedPlan && options.reviewedPlan.environment !== plan.environment) {
    throw new RefusedError(
      `The reviewed plan is for ${describeEnvironment(options.reviewedPlan.environment)}, but this apply is for ${describeEnvironment(plan.environment)}, so nothing was applied. Apply a plan made with the same --env.`,
    );
  }
  if (options.reviewedPlan) {
    const drift = describePlanDrift(options.reviewedPlan, plan);
    if (drift.length > 0) {
      throw new RefusedError(
        `The account or the definitions changed since the plan was reviewed, so nothing was applied.\n  ${drift.join("\n  ")}\nRun plan again, review it, and apply the new plan.`,
      );
    }
  }
  if (options.expectFingerprint !== undefined && options.expectFingerprint.trim() !== plan.fingerprint) {
    throw new RefusedError(
      `The plan fingerprint is now ${plan.fingerprint}, not the expected ${options.expectFingerprint.trim()}: the live account or the definitions changed since the plan was reviewed, so nothing was applied. Run plan again and review it.`,
    );
  }
  if (plan.violations.length > 0) {
    throw new RefusedError(
      `Apply refused by ${plan.violations.length === 1 ? "a safety guard" : `${plan.violations.length} safety guards`}:\n  ${plan.violations.map((violation) => violation.message).join("\n  ")}`,
    );
  }
  if (plan.changes.length === 0) return { load, plan, result: await applyPlan(plan, api) };
  if (options.confirm && !(await options.confirm(plan))) return { load, plan };
  return { load, plan, result: await applyPlanUnderLock(plan, api, options) };
}

export interface LockedApplyOptions {
  onProgress?: (event: ApplyProgress) => void;
  shouldStop?: () => boolean;
  /** Who applies, recorded in the account lock so a blocked apply can say who holds it. */
  lockHolder?: string;
  /** Problems that do not change the result (the lock could not be released). */
  onWarning?: (message: string) => void;
}

/**
 * Executes exactly plan.operations under the account lock, after checking under the lock that the account
 * is still the one the plan was made from. Every apply path (CLI, Action, each environment) goes through
 * here, so none can interleave with another apply.
 */
export async function applyPlanUnderLock(plan: Plan, api: TrackersApi, options: LockedApplyOptions): Promise<ApplyResult> {
  if (plan.changes.length === 0) return applyPlan(plan, api);
  // Interrupted before the first write: nothing to serialise, so not even the lock is written.
  if (options.shouldStop?.()) return applyPlan(plan, api, { shouldStop: options.shouldStop });
  return withAccountLock(api, options, async () => {
    await refuseIfAccountMoved(api, plan);
    return applyPlan(plan, api, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
  });
}

/**
 * The framing around plan.operations: take the account lock, run, release it. Not operations of the plan:
 * they change no tracker the repository manages, and a plan (a reviewable value) cannot know the lock id.
 */
async function withAccountLock<T>(api: TrackersApi, options: LockedApplyOptions, run: () => Promise<T>): Promise<T> {
  const lock = await acquireAccountLock(api, { holder: options.lockHolder ?? "tracker-sync apply" });
  try {
    return await run();
  } finally {
    try {
      if (!(await releaseAccountLock(api, lock))) options.onWarning?.(`The account lock ${lock.lockId} was no longer ours when apply finished (someone ran unlock); nothing else to do.`);
    } catch (error) {
      options.onWarning?.(
        `Could not release the account lock (lock id ${lock.lockId}): ${error instanceof Error ? error.message : String(error)} Remove it with 'tracker-sync unlock ${lock.lockId}' before the next apply.`,
      );
    }
  }
}

/** Under the lock: the account must still be the one the plan was made from, or another writer got in between. */
async function refuseIfAccountMoved(api: TrackersApi, plan: Plan): Promise<void> {
  const account = api.listAccount ? await api.listAccount() : { trackers: await api.listTrackers(), unreadable: [] };
  const now = fingerprintAccount(account.trackers, account.unreadable, plan.options.apiGeneration);
  if (now !== plan.liveFingerprint) {
    throw new RefusedError("The account changed between the plan and taking the apply lock (another apply or a manual edit), so nothing was applied. Run plan again and review it.");
  }
}

function describeEnvironment(environment: string | undefined): string {
  return environment === undefined ? "a repository without environments" : `environment '${environment}'`;
}
