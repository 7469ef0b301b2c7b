import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrackersApi, type CreateTrackersApiOptions } from "../../src/client/create-trackers-api.js";
import type { TrackersApi } from "../../src/client/trackers-api.js";
import { createTrackersApiGen2 } from "../../src/client/trackers-api-gen2.js";
import type { PutBehavior } from "../../src/contract/trackers-contract.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { createSeededRandom } from "../../src/emulator/prng.js";
import { startEmulator, type EmulatorFaults, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { countOutcomes, type Plan } from "../../src/model/plan.js";
import type { LiveTracker } from "../../src/model/tracker.js";
import { applyProject } from "../../src/pipeline/apply-project.js";
import { planProject } from "../../src/pipeline/plan-project.js";
import { forceUnlock, readAccountLock } from "../../src/apply/account-lock.js";
import { LOCK_TRACKER_NAME } from "../../src/model/reserved-names.js";

const REPO_ROOT = new URL("../../", import.meta.url).pathname;

/** Seeded random helpers; every choice in a schedule comes from here, so a seed replays the schedule. */
export interface Rng {
  float(): number;
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

export function createRng(seed: number): Rng {
  const source = createSeededRandom(seed * 7919 + 17);
  const float = () => source.next();
  const int = (min: number, max: number) => min + Math.floor(float() * (max - min + 1));
  return {
    float,
    int,
    chance: (probability) => float() < probability,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
    shuffle(items) {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = int(0, index);
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy;
    },
  };
}

export type FaultProfile = "rate-limit" | "rate-limit-retry-after" | "rate-limit-bursts" | "server-errors" | "dropped-responses" | "latency-spikes" | "append-put" | "mixed" | "sigkill";

export const IN_PROCESS_PROFILES: readonly FaultProfile[] = [
  "rate-limit",
  "rate-limit-retry-after",
  "rate-limit-bursts",
  "server-errors",
  "dropped-responses",
  "latency-spikes",
  "append-put",
  "mixed",
];

interface Definition {
  name: string;
  vocabulary: string[];
  previousNames?: string[];
  retired?: boolean;
  /** Generation 2 only. */
  description?: string;
  categories?: string[];
  languages?: string[];
}

export interface Schedule {
  seed: number;
  profile: FaultProfile;
  live: LiveTracker[];
  definitions: Definition[];
  /** When set, trackers outside this prefix are never managed; prune is on. */
  prefix?: string;
  faults: Partial<EmulatorFaults>;
  /** Client timeout in ms for latency spikes (a timeout is an unknown outcome, like a dropped response). */
  timeoutMs: number;
  /** Written to tracker-sync.yaml and set on the emulator: both behaviours are exercised. */
  putBehavior: PutBehavior;
  /** 2: the account speaks Symbl's generation-2 API (PATCH; managed trackers pre-added). */
  apiGeneration?: 2;
}

const CATEGORIES = ["Sales", "Support", "Billing", "General"];
const LANGUAGES = ["en-US", "en-GB", "en-AU"];

/** Generation 2: random description, categories and languages, so PATCH covers every path. */
function makeGen2Fields(rng: Rng): Pick<LiveTracker, "description" | "categories" | "languages"> {
  return {
    ...(rng.chance(0.5) ? { description: `About ${rng.pick(WORDS)} ${rng.int(1, 9)}` } : {}),
    categories: rng.shuffle(CATEGORIES).slice(0, rng.int(0, 2)),
    languages: rng.chance(0.7) ? ["en-US"] : rng.shuffle(LANGUAGES).slice(0, rng.int(1, 2)),
  };
}

const WORDS = [
  "refund",
  "billing",
  "invoice",
  "charge",
  "account",
  "password",
  "login",
  "delivery",
  "shipping",
  "order",
  "cancel",
  "upgrade",
  "discount",
  "coupon",
  "warranty",
  "repair",
  "return",
  "exchange",
  "manager",
  "support",
  "contract",
  "renewal",
  "pricing",
  "quote",
  "demo",
  "trial",
  "outage",
  "latency",
  "crash",
  "update",
];

function makeVocabulary(rng: Rng, count: number): string[] {
  const phrases = new Set<string>();
  while (phrases.size < count) phrases.add(`${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.int(1, 99)}`);
  return [...phrases];
}

/** Changes some phrases of a vocabulary: keeps a few, drops a few, adds a few. */
function mutateVocabulary(rng: Rng, vocabulary: readonly string[]): string[] {
  const kept = vocabulary.filter(() => rng.chance(0.6));
  const next = new Set([...kept, ...makeVocabulary(rng, rng.int(kept.length === 0 ? 1 : 0, 3))]);
  const result = [...next];
  return result.length > 0 ? result : makeVocabulary(rng, 1);
}

/** Builds a random live account and random definitions that exercise every kind of change. */
export function generateSchedule(seed: number, profile?: FaultProfile, apiGeneration?: 2): Schedule {
  const schedule = generateGen1Schedule(seed, profile);
  if (apiGeneration !== 2) return schedule;
  // The generation-1 schedule stays as it was; generation 2 adds fields from a separate random stream.
  const rng = createRng(seed * 104_729 + 2);
  return {
    ...schedule,
    apiGeneration: 2,
    live: schedule.live.map((tracker) => ({ ...tracker, ...makeGen2Fields(rng) })),
    definitions: schedule.definitions.map((definition) => (definition.retired || rng.chance(0.3) ? definition : { ...definition, ...makeGen2Fields(rng) })),
  };
}

function generateGen1Schedule(seed: number, profile?: FaultProfile): Schedule {
  const rng = createRng(seed);
  const chosenProfile = profile ?? rng.pick(IN_PROCESS_PROFILES);
  const prefix = rng.chance(0.4) ? "cc " : undefined;
  const managedName = (index: number) => `${prefix ?? ""}Topic ${String(index).padStart(2, "0")}`;
  const freeIndexes = rng.shuffle(Array.from({ length: 60 }, (_, index) => index + 1));
  const takeName = () => managedName(freeIndexes.pop() as number);

  let nextId = 4_000_000_000_000_000 + seed * 1000;
  const live: LiveTracker[] = [];
  const liveCount = rng.int(1, 9);
  for (let index = 0; index < liveCount; index++) live.push({ id: String(nextId++), name: takeName(), vocabulary: makeVocabulary(rng, rng.int(1, 6)) });
  // Trackers made outside the repository: never managed under a prefix, unmanaged by omission otherwise.
  const foreignCount = prefix ? rng.int(0, 3) : 0;
  for (let index = 0; index < foreignCount; index++) live.push({ id: String(nextId++), name: `Vendor Tracker ${index + 1}`, vocabulary: makeVocabulary(rng, rng.int(1, 4)) });

  const definitions: Definition[] = [];
  const managedLive = rng.shuffle(live.filter((tracker) => !tracker.name.startsWith("Vendor")));
  while (managedLive.length > 0) {
    const tracker = managedLive.pop() as LiveTracker;
    const roll = rng.float();
    if (roll < 0.12 && managedLive.length > 0) {
      // Swap: each takes the other's name, keeping its own phrases, so moving the ids is the cheaper plan.
      const other = managedLive.pop() as LiveTracker;
      definitions.push({ name: other.name, previousNames: [tracker.name], vocabulary: [...tracker.vocabulary] });
      definitions.push({ name: tracker.name, previousNames: [other.name], vocabulary: [...other.vocabulary] });
    } else if (roll < 0.2 && managedLive.length > 0) {
      // Chain: other moves to a new name, tracker moves into the name other frees.
      const other = managedLive.pop() as LiveTracker;
      definitions.push({ name: takeName(), previousNames: [other.name], vocabulary: rng.chance(0.5) ? mutateVocabulary(rng, other.vocabulary) : [...other.vocabulary] });
      definitions.push({ name: other.name, previousNames: [tracker.name], vocabulary: [...tracker.vocabulary] });
    } else if (roll < 0.35) {
      definitions.push({ name: takeName(), previousNames: [tracker.name], vocabulary: rng.chance(0.5) ? mutateVocabulary(rng, tracker.vocabulary) : [...tracker.vocabulary] });
    } else if (roll < 0.55) {
      definitions.push({ name: tracker.name, vocabulary: mutateVocabulary(rng, tracker.vocabulary) });
    } else if (roll < 0.67) {
      definitions.push({ name: tracker.name, vocabulary: [...tracker.vocabulary], retired: true });
    } else if (roll < 0.8) {
      // No definition: unmanaged without a prefix, pruned with one.
    } else {
      definitions.push({ name: tracker.name, vocabulary: rng.shuffle(tracker.vocabulary) });
    }
  }
  const createCount = rng.int(0, 5);
  for (let index = 0; index < createCount; index++) definitions.push({ name: takeName(), vocabulary: makeVocabulary(rng, rng.int(1, 6)) });
  if (rng.chance(0.2)) definitions.push({ name: takeName(), vocabulary: ["gone already"], retired: true });
  if (definitions.every((definition) => definition.retired)) definitions.push({ name: takeName(), vocabulary: makeVocabulary(rng, 2) });

  const faults = chooseFaults(rng, chosenProfile, seed);
  return {
    seed,
    profile: chosenProfile,
    live,
    definitions: rng.shuffle(definitions),
    ...(prefix ? { prefix } : {}),
    faults,
    timeoutMs: chosenProfile === "latency-spikes" ? 40 : 10_000,
    putBehavior: faults.putMode ?? "append",
  };
}

function chooseFaults(rng: Rng, profile: FaultProfile, seed: number): Partial<EmulatorFaults> {
  // Half the schedules run against an appending account (Symbl's documented PUT), half against a replacing one.
  const base = { seed, putMode: (rng.chance(0.5) ? "append" : "replace") as PutBehavior };
  switch (profile) {
    case "rate-limit":
      return { ...base, rateLimitRate: 0.2 + rng.float() * 0.4 };
    case "rate-limit-retry-after":
      return { ...base, rateLimitRate: 0.2 + rng.float() * 0.4, retryAfterSeconds: 1 };
    case "rate-limit-bursts":
      // At 80-90% a run of 429s longer than the client's 8 attempts is likely: a request fails and apply must resume.
      return { ...base, rateLimitRate: 0.8 + rng.float() * 0.1, ...(rng.chance(0.5) ? { retryAfterSeconds: rng.int(0, 1) } : {}) };
    case "server-errors":
      return { ...base, failRate: 0.2 + rng.float() * 0.3 };
    case "dropped-responses":
      return { ...base, dropRate: 0.2 + rng.float() * 0.4 };
    case "latency-spikes":
      return { ...base, latencyMs: rng.int(0, 2) };
    case "append-put":
      return { ...base, putMode: "append", failRate: rng.chance(0.5) ? 0.1 : 0 };
    case "mixed":
      return { ...base, rateLimitRate: 0.1, failRate: 0.1, dropRate: 0.1, ...(rng.chance(0.5) ? { retryAfterSeconds: 0 } : {}) };
    case "sigkill":
      return { ...base, latencyMs: rng.int(10, 30), ...(rng.chance(0.5) ? { dropRate: 0.1 } : {}) };
  }
}

function renderDefinition(definition: Definition): string {
  const lines = [`name: ${JSON.stringify(definition.name)}`];
  if (definition.previousNames) lines.push("previousNames:", ...definition.previousNames.map((name) => `  - ${JSON.stringify(name)}`));
  if (definition.retired) lines.push("retired: true");
  if (definition.description !== undefined) lines.push(`description: ${JSON.stringify(definition.description)}`);
  if (definition.categories && definition.categories.length > 0) lines.push("categories:", ...definition.categories.map((category) => `  - ${JSON.stringify(category)}`));
  if (definition.languages) lines.push("languages:", ...definition.languages.map((language) => `  - ${JSON.stringify(language)}`));
  lines.push("vocabulary:", ...definition.vocabulary.map((phrase) => `  - ${JSON.stringify(phrase)}`));
  return `${lines.join("\n")}\n`;
}

export async function writeScheduleProject(schedule: Schedule, dir: string): Promise<void> {
  await mkdir(join(dir, "trackers"), { recursive: true });
  const config = [
    "paths: [trackers]",
    `putBehavior: ${schedule.putBehavior}`,
    // Random schedules delete freely; the guards have their own tests, here they would only refuse.
    "guards: { maxDeletes: 1000, maxDeletePercent: 100, allowEmpty: true }",
    'rules: { previous-name-conflict: "off" }',
    ...(schedule.prefix ? [`ownership: { prefix: ${JSON.stringify(schedule.prefix)} }`, "prune: true"] : []),
    ...(schedule.apiGeneration === 2 ? ["api: { generation: 2 }"] : []),
  ];
  await writeFile(join(dir, "tracker-sync.yaml"), `${config.join("\n")}\n`);
  await Promise.all(schedule.definitions.map((definition, index) => writeFile(join(dir, "trackers", `t${index}.yaml`), renderDefinition(definition))));
}

export interface ScheduleReport {
  seed: number;
  profile: FaultProfile;
  runs: number;
  kills: number;
  /** Trackers the plan recreated (delete + create, new id) because the account appends on PUT (in-process runs). */
  recreated: number;
  /** Locks left by a killed or failed apply that the harness removed with unlock, as an operator would. */
  staleLocks: number;
  faults: Record<string, number>;
  violations: string[];
  apiGeneration?: 2;
}

const MAX_RUNS = 15;

function emulatorEnv(emulator: RunningEmulator): Record<string, string> {
  return { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET };
}

/** Runs one schedule end to end and checks the invariants; never throws for a violation, reports it. */
export async function runSchedule(schedule: Schedule): Promise<ScheduleReport> {
  const dir = await mkdtemp(join(tmpdir(), `chaos-${schedule.seed}-`));
  const emulator = await startEmulator({
    port: 0,
    initialTrackers: schedule.live.map((tracker) => ({ ...tracker, vocabulary: [...tracker.vocabulary] })),
    ...(schedule.apiGeneration === 2 ? { apiGeneration: 2 as const } : {}),
  });
  const report: ScheduleReport = {
    seed: schedule.seed,
    profile: schedule.profile,
    runs: 0,
    kills: 0,
    recreated: 0,
    staleLocks: 0,
    faults: {},
    violations: [],
    ...(schedule.apiGeneration ? { apiGeneration: 2 as const } : {}),
  };
  try {
    await writeScheduleProject(schedule, dir);
    // Symbl's pre-added trackers (generation 2) must come through every fault untouched.
    const symblManaged = emulator.trackers().filter((tracker) => tracker.managed === true);
    const cleanApi = createScheduleApi(schedule, { env: emulatorEnv(emulator) });
    const initial = await planProject({ cwd: dir, api: cleanApi });
    if (!initial.plan) {
      report.violations.push(`the generated definitions do not validate: ${initial.load.findings.map((finding) => `${finding.file}:${finding.line} ${finding.message}`).join("; ")}`);
      return report;
    }
    emulator.setFaults(schedule.faults);
    let succeeded = false;
    for (let run = 1; run <= MAX_RUNS && !succeeded; run++) {
      report.runs = run;
      if (schedule.profile === "sigkill") {
        const outcome = await runApplyChild(dir, emulator, schedule, run);
        if (outcome.code === "killed") report.kills++;
        succeeded = outcome.code === 0;
        // Runs are sequential, so a lock found now is stale; remove it the documented way.
        if (await removeStaleLock(emulator, cleanApi, outcome.stderr, outcome.code === "killed")) report.staleLocks++;
      } else {
        const outcome = await runApplyInProcess(dir, emulator, schedule, run);
        succeeded = outcome.succeeded;
        if (await removeStaleLock(emulator, cleanApi, outcome.messages)) report.staleLocks++;
        report.recreated += outcome.recreated;
      }
      // Faults end after a few runs, as an outage does; the runs needed are then bounded.
      if (run === 8) emulator.setFaults({ rateLimitRate: 0, failRate: 0, dropRate: 0, latencyMs: 0 });
    }
    for (const entry of emulator.requests()) {
      if (entry.fault) report.faults[entry.fault] = (report.faults[entry.fault] ?? 0) + 1;
      // No response and no drop fault: the client gave up (its timeout during a latency spike) or was killed.
      if (entry.status === null && entry.fault !== "drop") report.faults["client-gone"] = (report.faults["client-gone"] ?? 0) + 1;
    }
    if (!succeeded) report.violations.push(`apply did not exit 0 within ${MAX_RUNS} runs`);
    const finalLive = emulator.trackers();
    if (finalLive.some((tracker) => tracker.name === LOCK_TRACKER_NAME)) report.violations.push("the account lock was left behind without an error or warning naming it");
    const finalById = new Map(finalLive.map((tracker) => [tracker.id, tracker]));
    for (const tracker of symblManaged) {
      if (JSON.stringify(finalById.get(tracker.id)) !== JSON.stringify(tracker)) report.violations.push(`Symbl-managed tracker ${tracker.id} "${tracker.name}" was touched`);
    }
    report.violations.push(
      ...checkInvariants(
        schedule,
        initial.plan,
        finalLive.filter((tracker) => tracker.managed !== true),
      ),
    );
    return report;
  } catch (error) {
    report.violations.push(`the harness failed: ${(error as Error).stack ?? String(error)}`);
    return report;
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * When an apply reported a lock it could not release, or was refused by one (a killed or failed earlier run
 * left it), the operator's way out: `unlock LOCK_ID` with the id from the message. True when one was removed.
 */
async function removeStaleLock(emulator: RunningEmulator, api: TrackersApi, messages: string, killed = false): Promise<boolean> {
  if (!emulator.trackers().some((tracker) => tracker.name === LOCK_TRACKER_NAME)) return false;
  // Only a lock the operator was told about (or a killed run's, which cannot say): any other lock left
  // behind is a bug, and the final invariant reports it.
  if (!killed && !/lock/.test(messages)) return false;
  // The operator unlocks after the outage, not through it: faults are paused for the unlock only.
  const faults = (await (await fetch(`${emulator.url}/__emulator/faults`)).json()) as Partial<EmulatorFaults>;
  emulator.setFaults({ rateLimitRate: 0, failRate: 0, dropRate: 0, latencyMs: 0 });
  try {
    const current = await readAccountLock(api);
    if (!current) return false;
    // A SIGKILLed child prints nothing; its lock id is then read from the account, as `tracker-sync unlock` shows it.
    const named = /lock id ([0-9a-f]{16})/.exec(messages)?.[1];
    await forceUnlock(api, named !== undefined && named === current.lockId ? named : (current.lockId ?? ""));
    return true;
  } finally {
    emulator.setFaults({ rateLimitRate: faults.rateLimitRate ?? 0, failRate: faults.failRate ?? 0, dropRate: faults.dropRate ?? 0, latencyMs: faults.latencyMs ?? 0 });
  }
}

async function runApplyInProcess(dir: string, emulator: RunningEmulator, schedule: Schedule, run: number): Promise<{ succeeded: boolean; recreated: number; messages: string }> {
  let spikes: NodeJS.Timeout | undefined;
  if (schedule.profile === "latency-spikes") {
    const rng = createRng(schedule.seed * 31 + run);
    // Flip between fast and slower-than-the-client-timeout responses while apply runs.
    spikes = setInterval(() => emulator.setFaults({ latencyMs: rng.chance(0.3) ? schedule.timeoutMs + 20 : rng.int(0, 3) }), 15);
  }
  let messages = "";
  const api = createScheduleApi(schedule, {
    env: emulatorEnv(emulator),
    retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 2 },
    // Retry-After and backoff waits are skipped: the emulator's clock is not involved, only the order matters.
    sleep: async () => {},
    timeoutMs: schedule.timeoutMs,
  });
  try {
    const { plan, result } = await applyProject({ cwd: dir, api, onWarning: (message) => (messages += `${message}\n`) });
    if (process.env.CHAOS_DEBUG) {
      process.stderr.write(`[seed ${schedule.seed} run ${run}] operations ${JSON.stringify(plan?.operations)}\noutcomes ${JSON.stringify(result?.outcomes)}\n`);
    }
    return { succeeded: result !== undefined && countOutcomes(result, "failed") === 0 && result.verified, recreated: result?.idChanges.length ?? 0, messages };
  } catch (error) {
    if (process.env.CHAOS_DEBUG) process.stderr.write(`[seed ${schedule.seed} run ${run}] ${(error as Error).message}\n`);
    // An API error that survived the retries ends this run with exit 1; the next run continues.
    return { succeeded: false, recreated: 0, messages: messages + (error as Error).message };
  } finally {
    if (spikes) clearInterval(spikes);
    if (spikes) emulator.setFaults({ latencyMs: 0 });
  }
}

/** Runs `apply --yes` as a child process; kills it with SIGKILL after a random delay on all but the last runs. */
async function runApplyChild(dir: string, emulator: RunningEmulator, schedule: Schedule, run: number): Promise<{ code: number | "killed"; stderr: string }> {
  const rng = createRng(schedule.seed * 131 + run);
  // The child runs from the repository root (so `--import tsx` resolves) and finds the project through --config.
  // The delay counts from the child's first request, so kills land inside apply rather than during start-up.
  // The first run dies within three request latencies, before apply can have finished; later ones anywhere.
  const latencyMs = schedule.faults.latencyMs ?? 0;
  const killAfterMs = run === 1 ? rng.int(0, 3 * latencyMs) : run <= 3 ? rng.int(0, 400) : undefined;
  const args = ["--import", "tsx", join(REPO_ROOT, "src/cli/bin.ts"), "apply", "--yes", "--config", join(dir, "tracker-sync.yaml")];
  const requestsBefore = emulator.requests().length;
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...emulatorEnv(emulator), NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const watcher =
    killAfterMs === undefined
      ? undefined
      : setInterval(() => {
          if (emulator.requests().length === requestsBefore) return;
          clearInterval(watcher);
          timer = setTimeout(() => (killed = child.kill("SIGKILL")), killAfterMs);
        }, 2);
  const code = await new Promise<number | null>((resolve) => child.on("close", (exitCode) => resolve(exitCode)));
  if (watcher) clearInterval(watcher);
  if (timer) clearTimeout(timer);
  if (killed && code === null) return { code: "killed", stderr };
  if (code !== 0 && /at .*\.ts:\d+/.test(stderr)) throw new Error(`apply printed a stack trace (exit ${code}):\n${stderr}`);
  if (process.env.CHAOS_DEBUG) process.stderr.write(`[seed ${schedule.seed} run ${run}] exit ${code}${killed ? " (killed)" : ""}\n${stdout}\n${stderr}\n`);
  return { code: code ?? 1, stderr };
}

function createScheduleApi(schedule: Schedule, options: CreateTrackersApiOptions) {
  return schedule.apiGeneration === 2 ? createTrackersApiGen2(options) : createTrackersApi(options);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

/** The invariants every schedule must keep, whatever the faults. */
export function checkInvariants(schedule: Schedule, plan: Plan, finalLive: LiveTracker[]): string[] {
  const violations: string[] = [];
  const names = new Map<string, LiveTracker>();
  for (const tracker of finalLive) {
    if (names.has(tracker.name)) violations.push(`duplicate tracker name "${tracker.name}" (ids ${names.get(tracker.name)?.id} and ${tracker.id})`);
    names.set(tracker.name, tracker);
  }
  const active = schedule.definitions.filter((definition) => !definition.retired);
  const activeNames = new Set(active.map((definition) => definition.name));
  for (const definition of active) {
    const live = names.get(definition.name);
    if (!live) violations.push(`"${definition.name}" is missing from the account`);
    else if (!sameSet(live.vocabulary, definition.vocabulary)) violations.push(`"${definition.name}" has ${JSON.stringify(live.vocabulary)}, expected ${JSON.stringify(definition.vocabulary)}`);
    else if (schedule.apiGeneration === 2) {
      const wanted = { description: definition.description ?? "", categories: definition.categories ?? [], languages: definition.languages ?? ["en-US"] };
      const got = { description: live.description ?? "", categories: live.categories ?? [], languages: live.languages ?? ["en-US"] };
      if (wanted.description !== got.description || !sameSet(wanted.categories, got.categories) || !sameSet(wanted.languages, got.languages)) {
        violations.push(`"${definition.name}" has fields ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
      }
    }
  }
  for (const definition of schedule.definitions) {
    if (definition.retired && !activeNames.has(definition.name) && names.has(definition.name)) violations.push(`retired "${definition.name}" is still live`);
  }

  const isManaged = (name: string) => !schedule.prefix || name.startsWith(schedule.prefix);
  const definedOrRenamedFrom = new Set(schedule.definitions.flatMap((definition) => [definition.name, ...(definition.previousNames ?? [])]));
  const unmanaged = schedule.live.filter((tracker) => !isManaged(tracker.name) || (!schedule.prefix && !definedOrRenamedFrom.has(tracker.name)));
  const finalById = new Map(finalLive.map((tracker) => [tracker.id, tracker]));
  for (const tracker of unmanaged) {
    const now = finalById.get(tracker.id);
    if (!now || now.name !== tracker.name || now.vocabulary.join("\n") !== tracker.vocabulary.join("\n")) {
      violations.push(`unmanaged tracker ${tracker.id} "${tracker.name}" was touched: now ${now ? JSON.stringify(now) : "gone"}`);
    }
  }
  const expectedCount = active.length + unmanaged.length;
  if (finalLive.length !== expectedCount) violations.push(`the account has ${finalLive.length} trackers, expected ${expectedCount}`);

  // Ids: a tracker may only disappear when the plan deleted it or planned it as a recreate (append accounts).
  const plannedDeletes = new Set(plan.changes.flatMap((change) => (change.kind === "delete" ? [change.id] : [])));
  const recreatable = new Set(plan.changes.flatMap((change) => (change.kind === "recreate" ? [change.id] : [])));
  for (const change of plan.changes) {
    // Generation 2 removes phrases with PATCH on the same id: never a recreate, whatever putBehavior says.
    if (schedule.apiGeneration === 2) {
      if (change.kind === "recreate") violations.push(`"${change.name}" was planned as a recreate on a generation-2 account`);
      continue;
    }
    if (schedule.putBehavior === "replace" && change.kind === "recreate") violations.push(`"${change.name}" was planned as a recreate although putBehavior is replace`);
    if (schedule.putBehavior === "append" && (change.kind === "update" || change.kind === "rename") && change.removed.length > 0) {
      violations.push(`"${change.name}" removes phrases with a PUT although the account appends`);
    }
  }
  for (const id of recreatable) if (finalById.has(id)) violations.push(`tracker ${id} was planned as a recreate but its old id is still live`);
  for (const tracker of schedule.live) {
    if (finalById.has(tracker.id) || plannedDeletes.has(tracker.id) || recreatable.has(tracker.id)) continue;
    violations.push(`tracker ${tracker.id} "${tracker.name}" was deleted but the plan did not delete it`);
  }
  for (const id of plannedDeletes) if (finalById.has(id)) violations.push(`tracker ${id} was planned for deletion but is still live`);
  for (const change of plan.changes) {
    if ((change.kind === "update" || change.kind === "rename") && !recreatable.has(change.id)) {
      const now = names.get(change.name);
      if (now && now.id !== change.id) violations.push(`"${change.name}" should have kept id ${change.id} (${change.kind}) but has id ${now.id}`);
    }
  }
  return violations;
}

export interface ChaosTotals {
  schedules: number;
  faults: Record<string, number>;
  kills: number;
  recreated: number;
  /** Locks left by a killed or failed apply that the harness removed with unlock, as an operator would. */
  staleLocks: number;
  runs: number;
  maxRuns: number;
  violations: number;
  failedSeeds: number[];
}

export function summarise(reports: readonly ScheduleReport[]): ChaosTotals {
  const totals: ChaosTotals = { schedules: reports.length, faults: {}, kills: 0, recreated: 0, staleLocks: 0, runs: 0, maxRuns: 0, violations: 0, failedSeeds: [] };
  for (const report of reports) {
    for (const [kind, count] of Object.entries(report.faults)) totals.faults[kind] = (totals.faults[kind] ?? 0) + count;
    totals.kills += report.kills;
    totals.recreated += report.recreated;
    totals.staleLocks += report.staleLocks;
    totals.runs += report.runs;
    totals.maxRuns = Math.max(totals.maxRuns, report.runs);
    totals.violations += report.violations.length;
    if (report.violations.length > 0) totals.failedSeeds.push(report.seed);
  }
  return totals;
}

export function formatTotals(totals: ChaosTotals): string {
  const faultCount = Object.values(totals.faults).reduce((sum, count) => sum + count, 0);
  const byKind = Object.entries(totals.faults)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  return [
    `schedules: ${totals.schedules}`,
    `faults injected: ${faultCount}${byKind ? ` (${byKind})` : ""}`,
    `kills: ${totals.kills}`,
    `trackers recreated (append accounts, planned): ${totals.recreated}`,
    `stale locks removed with unlock: ${totals.staleLocks}`,
    `runs needed: ${totals.runs} (max ${totals.maxRuns} for one schedule)`,
    `violations: ${totals.violations}`,
  ].join("\n");
}

export function describeFailure(report: ScheduleReport): string {
  const generation = report.apiGeneration === 2 ? " --api-generation 2" : "";
  return `seed ${report.seed} (${report.profile}${report.apiGeneration === 2 ? ", generation 2" : ""}) failed after ${report.runs} run(s); reproduce with: npm run chaos -- --seed ${report.seed} --profile ${report.profile}${generation}\n  ${report.violations.join("\n  ")}`;
}
