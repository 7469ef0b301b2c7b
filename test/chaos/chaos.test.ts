import { describe, expect, it } from "vitest";
import { describeFailure, formatTotals, generateSchedule, IN_PROCESS_PROFILES, runSchedule, summarise, type ScheduleReport } from "./chaos-harness.js";

// The suite runs a reduced set: 24 in-process schedules (three per fault profile) and 3 SIGKILL schedules.
// `npm run chaos` runs 200 or more; a failure prints the seed to replay with `npm run chaos -- --seed N`.
const IN_PROCESS_SEEDS = Array.from({ length: 24 }, (_, index) => 1001 + index);
const KILL_SEEDS = [2001, 2002, 2003];

describe("chaos schedules against the emulator", () => {
  const reports: ScheduleReport[] = [];

  it("keeps every invariant under 429 bursts, 5xx, dropped responses, latency spikes, in append and replace accounts", async () => {
    for (const [index, seed] of IN_PROCESS_SEEDS.entries()) {
      const report = await runSchedule(generateSchedule(seed, IN_PROCESS_PROFILES[index % IN_PROCESS_PROFILES.length]));
      reports.push(report);
      expect(report.violations, describeFailure(report)).toEqual([]);
    }
    const totals = summarise(reports);
    // A schedule that injected nothing would prove nothing: the faults must really have happened.
    expect(totals.faults["rate-limit"] ?? 0).toBeGreaterThan(0);
    expect(totals.faults.fail ?? 0).toBeGreaterThan(0);
    expect(totals.faults.drop ?? 0).toBeGreaterThan(0);
    expect(totals.recreated).toBeGreaterThan(0);
  }, 120_000);

  it("keeps the invariants on a generation-2 account (PATCH keeps ids, fields converge, managed trackers untouched)", async () => {
    // Three cheap schedules; `npm run chaos` makes every fourth seed a generation-2 schedule.
    const gen2Reports: ScheduleReport[] = [];
    for (const [seed, profile] of [
      [3001, "dropped-responses"],
      [3002, "mixed"],
      [3003, "server-errors"],
    ] as const) {
      const report = await runSchedule(generateSchedule(seed, profile, 2));
      gen2Reports.push(report);
      reports.push(report);
      expect(report.violations, describeFailure(report)).toEqual([]);
    }
    const totals = summarise(gen2Reports);
    expect((totals.faults.drop ?? 0) + (totals.faults.fail ?? 0)).toBeGreaterThan(0);
    expect(totals.recreated).toBe(0);
  }, 120_000);

  it("converges after the apply process is killed with SIGKILL and started again", async () => {
    const killReports: ScheduleReport[] = [];
    for (const seed of KILL_SEEDS) {
      const report = await runSchedule(generateSchedule(seed, "sigkill"));
      killReports.push(report);
      reports.push(report);
      expect(report.violations, describeFailure(report)).toEqual([]);
    }
    expect(summarise(killReports).kills).toBeGreaterThan(0);
    console.log(formatTotals(summarise(reports)));
  }, 120_000);
});
