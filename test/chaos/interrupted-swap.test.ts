import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.js";
import { config, definition, live } from "../plan/builders.js";

// Found by the latency-spike chaos schedules (seed 1005, profile latency-spikes; full run seed 79): a swap
// interrupted after its second step. Tracker 1 is parked under its temporary name and tracker 2 already has
// tracker 1's old name. The planner used to match "Alpha" in previousNames to tracker 2 (the live "Alpha"),
// could not rename it, and left tracker 1 orphaned: pruned (deleted) with an ownership prefix, or left as
// junk with a duplicate "Beta" created next to it without one.
describe("a swap interrupted after the other tracker took the old name", () => {
  const desired = [definition("cc Beta", ["alpha one", "alpha two"], { previousNames: ["cc Alpha"] }), definition("cc Alpha", ["beta one", "beta two"], { previousNames: ["cc Beta"] })];
  const liveAfterStepTwo = [live("1", "cc Alpha tracker-sync tmp 0123abcd", ["alpha one", "alpha two"]), live("2", "cc Alpha", ["beta one", "beta two"])];

  it("finishes the swap by renaming the parked tracker, and deletes nothing", () => {
    for (const settings of [config(), config({ prune: true, ownership: { prefix: "cc " } })]) {
      const plan = buildPlan({ desired, live: liveAfterStepTwo, config: settings });
      expect(plan.changes.map((change) => [change.kind, change.name, "id" in change ? change.id : undefined])).toEqual([["rename", "cc Beta", "1"]]);
      expect(plan.summary.unchanged).toBe(1);
    }
  });
});
