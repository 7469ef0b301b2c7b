/**
 * `npm run chaos`: the full chaos run (default 200 schedules, every 10th one a SIGKILL schedule).
 *   npm run chaos -- --seed N [--profile P]   replay one schedule
 *   npm run chaos -- --count N --start S
 *   npm run chaos -- --api-generation 1|2     every schedule on one API generation (default: every 4th seed is generation 2)
 * Without --seed or --start the run starts at a fresh random seed (printed first), so every run explores new
 * schedules; the suite (test/chaos/chaos.test.ts) keeps its fixed seeds.
 */
import { parseArgs } from "node:util";
import { IN_PROCESS_PROFILES, type FaultProfile, describeFailure, formatTotals, generateSchedule, runSchedule, summarise, type ScheduleReport } from "./chaos-harness.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    count: { type: "string" },
    start: { type: "string" },
    "kill-every": { type: "string" },
    profile: { type: "string" },
    verbose: { type: "boolean" },
    "api-generation": { type: "string" },
  },
  strict: true,
});

function readCount(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${flag} must be a whole number >= 0, got ${JSON.stringify(text)}.`);
  return value;
}

const PROFILES: readonly FaultProfile[] = [...IN_PROCESS_PROFILES, "sigkill"];
if (values.profile !== undefined && !PROFILES.includes(values.profile as FaultProfile)) throw new Error(`--profile must be one of ${PROFILES.join(", ")}.`);
const killEvery = readCount(values["kill-every"], 10, "--kill-every");
const isKillSeed = (seed: number) => killEvery > 0 && seed % killEvery === 0;
const start = readCount(values.start, 1 + Math.floor(Math.random() * 1_000_000), "--start");
const seeds = values.seed !== undefined ? [readCount(values.seed, 0, "--seed")] : Array.from({ length: readCount(values.count, 200, "--count") }, (_, index) => start + index);
if (values.seed === undefined) console.log(`chaos seeds ${start}..${start + seeds.length - 1}; replay the run with --start ${start} --count ${seeds.length}, or one schedule with --seed N`);

const forcedGeneration = values["api-generation"];
if (forcedGeneration !== undefined && forcedGeneration !== "1" && forcedGeneration !== "2") throw new Error("--api-generation must be 1 or 2.");
const generationOf = (seed: number): 2 | undefined => (forcedGeneration === "2" || (forcedGeneration === undefined && seed % 4 === 3) ? 2 : undefined);

const reports: ScheduleReport[] = [];
for (const seed of seeds) {
  const schedule = generateSchedule(seed, (values.profile as FaultProfile | undefined) ?? (isKillSeed(seed) ? "sigkill" : undefined), generationOf(seed));
  const report = await runSchedule(schedule);
  reports.push(report);
  if (values.verbose || values.seed !== undefined) {
    console.log(
      `seed ${seed} ${schedule.profile}${schedule.apiGeneration === 2 ? " (generation 2)" : ""}: ${schedule.live.length} live, ${schedule.definitions.length} definitions, runs ${report.runs}, kills ${report.kills}, faults ${JSON.stringify(report.faults)}`,
    );
  }
  if (report.violations.length > 0) console.error(describeFailure(report));
}
const totals = summarise(reports);
console.log(formatTotals(totals));
if (totals.violations > 0) {
  console.error(`Failed seeds: ${totals.failedSeeds.join(", ")}`);
  process.exitCode = 1;
}
