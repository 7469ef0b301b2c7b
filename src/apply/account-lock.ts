import { randomBytes } from "node:crypto";
import { ApiError } from "../client/api-error.js";
import type { TrackersApi } from "../client/trackers-api.js";
import { RefusedError, UserError } from "../errors.js";
import { LOCK_TRACKER_NAME } from "../model/reserved-names.js";
import type { LiveTracker } from "../model/tracker.js";

/**
 * Serialises applies on the account itself. Two applies of different commits used to interleave (both
 * planned, both wrote, both verified their own view) and leave trackers neither commit had; the workflow
 * concurrency group covers one repository's Action, never a CLI on a laptop or a second repository.
 *
 * The lock is a tracker named `tracker-sync.lock`. Symbl refuses a second tracker of the same name with a
 * 409, so creating it is an atomic create-if-absent on the server: whoever creates it holds the lock. Its
 * phrases record the lock id, the holder and the expiry, so a stale lock can be named and removed
 * (`tracker-sync unlock LOCK_ID`). Plans never manage, prune, count or fingerprint it.
 */
export interface AccountLock {
  /** Random, shown to people: what `tracker-sync unlock` takes. */
  lockId: string;
  /** The lock tracker's id in the account. */
  trackerId: string;
  holder: string;
  expiresAt: number;
}

export interface LockInfo {
  lockId?: string;
  holder?: string;
  acquiredAt?: number;
  expiresAt?: number;
  trackerId: string;
}

/** Long enough for the slowest apply (500 trackers one PUT at a time with retries); a crashed apply's lock expires after it. */
export const LOCK_TTL_MS = 60 * 60 * 1000;

const MARKER = "tracker-sync apply lock";

export async function acquireAccountLock(api: TrackersApi, options: { holder: string; now?: () => number; ttlMs?: number }): Promise<AccountLock> {
  const now = options.now ?? Date.now;
  const lockId = randomBytes(8).toString("hex");
  const acquiredAt = now();
  const expiresAt = acquiredAt + (options.ttlMs ?? LOCK_TTL_MS);
  const holder = toPhraseText(options.holder);
  try {
    await api.createTracker({ name: LOCK_TRACKER_NAME, vocabulary: describeLockPhrases({ lockId, holder, acquiredAt, expiresAt }) });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) {
      // The create may have landed although no answer came back; a lock nobody knows it holds would block
      // every later apply, so remove it if it is ours.
      await removeIfOurs(api, lockId);
      throw error;
    }
  }
  // Read back rather than trust the create: after a lost response the client adopts a tracker of the same
  // name as its own, and that may be another apply's lock.
  const current = await readAccountLock(api);
  if (current && current.lockId === lockId) return { lockId, trackerId: current.trackerId, holder, expiresAt };
  throw new RefusedError(describeHeldLock(current, now()));
}

async function removeIfOurs(api: TrackersApi, lockId: string): Promise<void> {
  try {
    const current = await readAccountLock(api);
    if (current?.lockId === lockId) await api.deleteTracker(current.trackerId);
  } catch {
    // Best effort: the original error is the one to report; a lock left here names its id to unlock.
  }
}

/** Removes the lock only if it is still ours; a lock someone force-removed and another apply took stays. */
export async function releaseAccountLock(api: TrackersApi, lock: AccountLock): Promise<boolean> {
  const current = await readAccountLock(api);
  if (!current || current.lockId !== lock.lockId) return false;
  await api.deleteTracker(current.trackerId);
  return true;
}

/** `tracker-sync unlock LOCK_ID`: removes a stale lock, only when the id matches (like terraform force-unlock). */
export async function forceUnlock(api: TrackersApi, lockId: string): Promise<LockInfo | undefined> {
  const current = await readAccountLock(api);
  if (!current) return undefined;
  if (current.lockId !== lockId.trim()) {
    throw new UserError(
      `The account lock has lock id ${current.lockId ?? "(unreadable)"}, not ${lockId.trim()}, so it was left in place. Check that no apply is running, then run unlock with the id shown.`,
    );
  }
  await api.deleteTracker(current.trackerId);
  return current;
}

export async function readAccountLock(api: TrackersApi): Promise<LockInfo | undefined> {
  const found = await api.findTrackersByName(LOCK_TRACKER_NAME);
  const tracker = found.find((candidate) => candidate.name === LOCK_TRACKER_NAME);
  return tracker ? parseLockTracker(tracker) : undefined;
}

export function parseLockTracker(tracker: LiveTracker): LockInfo {
  const info: LockInfo = { trackerId: tracker.id };
  for (const phrase of tracker.vocabulary) {
    const [key, ...rest] = phrase.split(" ");
    const value = rest.join(" ");
    if (key === "lock" && /^[0-9a-f]{16}$/.test(value)) info.lockId = value;
    else if (key === "holder") info.holder = value;
    else if (key === "acquired" && /^\d+$/.test(value)) info.acquiredAt = Number(value) * 1000;
    else if (key === "expires" && /^\d+$/.test(value)) info.expiresAt = Number(value) * 1000;
  }
  return info;
}

/** Phrases only allow letters, digits, spaces, `.`, `'` and `-`, so times are epoch seconds. */
function describeLockPhrases(lock: { lockId: string; holder: string; acquiredAt: number; expiresAt: number }): string[] {
  return [MARKER, `lock ${lock.lockId}`, `holder ${lock.holder}`, `acquired ${Math.floor(lock.acquiredAt / 1000)}`, `expires ${Math.floor(lock.expiresAt / 1000)}`];
}

function describeHeldLock(lock: LockInfo | undefined, now: number): string {
  if (!lock) return `Could not take the account lock '${LOCK_TRACKER_NAME}': it was taken and released by another apply meanwhile. Nothing was applied; run apply again.`;
  const since = lock.acquiredAt !== undefined ? ` since ${new Date(lock.acquiredAt).toISOString()}` : "";
  const who = lock.holder ? ` by ${lock.holder}` : "";
  const stale = lock.expiresAt !== undefined && lock.expiresAt <= now;
  const expiry =
    lock.expiresAt === undefined
      ? ""
      : stale
        ? ` It expired at ${new Date(lock.expiresAt).toISOString()}, so that apply probably crashed.`
        : ` It expires at ${new Date(lock.expiresAt).toISOString()}.`;
  const id = lock.lockId ?? "(unreadable)";
  return `Another apply holds the account lock '${LOCK_TRACKER_NAME}' (lock id ${id}, held${who}${since}), so nothing was applied: two applies at once can leave a state neither wanted.${expiry} Wait for it to finish and run apply again; if no apply is running, remove the lock with 'tracker-sync unlock ${id}'.`;
}

function toPhraseText(text: string): string {
  const cleaned = text
    .replace(/[^\p{L}\p{M}\p{N} .'-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return (cleaned.length > 0 ? cleaned : "unknown").slice(0, 120);
}

/** Who is applying, for the lock's `holder` phrase: the workflow run in Actions, else user and host. */
export function describeLockHolder(env: Record<string, string | undefined>, host: { hostname: string; pid: number }): string {
  if (env.GITHUB_RUN_ID) return `github ${env.GITHUB_REPOSITORY ?? ""} run ${env.GITHUB_RUN_ID} ${env.GITHUB_SHA?.slice(0, 7) ?? ""}`;
  return `${env.USER ?? env.USERNAME ?? "someone"} on ${host.hostname} pid ${host.pid}`;
}
