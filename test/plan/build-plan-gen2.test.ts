import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.js";
import { buildPlanGen2, buildPlanForGeneration } from "../../src/plan/build-plan-gen2.js";
import { buildTrackerPatch } from "../../src/plan/build-patch-operations.js";
import type { LiveTracker } from "../../src/model/tracker.js";
import { config, definition, live } from "./builders.js";

const gen2 = config({ api: { generation: 2 } });

function live2(id: string, name: string, vocabulary: string[], extra: Partial<LiveTracker> = {}): LiveTracker {
  return { ...live(id, name, vocabulary), categories: [], languages: ["en-US"], ...extra };
}

describe("buildPlanGen2", () => {
  it("plans a rename with a phrase removal as one PATCH on the same id, never a delete or create", () => {
    const plan = buildPlanGen2({
      desired: [definition("New", ["a", "b"], { previousNames: ["Old"] })],
      live: [live2("1", "Old", ["a", "b", "c"])],
      config: gen2,
    });
    expect(plan.changes.map((change) => change.kind)).toEqual(["rename"]);
    expect(plan.operations).toEqual([
      {
        op: "patch",
        id: "1",
        name: "New",
        purpose: "rename",
        body: [
          { op: "replace", path: "/name", value: "New" },
          { op: "remove", path: "/vocabulary", value: "c" },
        ],
        bytes: expect.any(Number),
      },
    ]);
    expect(plan.options).toEqual({ prune: false, putBehavior: "append", apiGeneration: 2 });
  });

  it("syncs description, categories and languages, also when the vocabulary is unchanged", () => {
    const plan = buildPlanGen2({
      desired: [definition("A", ["a"], { description: "new text", categories: ["Sales"], languages: ["en-GB"] })],
      live: [live2("1", "A", ["a"], { description: "old text", categories: ["Support"] })],
      config: gen2,
    });
    expect(plan.summary).toMatchObject({ update: 1, unchanged: 0 });
    expect(plan.operations[0]).toMatchObject({
      op: "patch",
      body: [
        { op: "replace", path: "/description", value: "new text" },
        { op: "remove", path: "/categories", value: "Support" },
        { op: "add", path: "/categories", value: "Sales" },
        { op: "add", path: "/languages", value: "en-GB" },
        { op: "remove", path: "/languages", value: "en-US" },
      ],
    });
  });

  it("treats a missing description, categories and languages as empty, empty and [en-US]", () => {
    const plan = buildPlanGen2({ desired: [definition("A", ["a"])], live: [live2("1", "A", ["a"])], config: gen2 });
    expect(plan.changes).toEqual([]);
    const removal = buildPlanGen2({ desired: [definition("A", ["a"])], live: [live2("1", "A", ["a"], { description: "gone" })], config: gen2 });
    expect(removal.operations[0]).toMatchObject({ body: [{ op: "remove", path: "/description", value: "gone" }] });
  });

  it("creates one tracker per POST with the generation-2 fields", () => {
    const plan = buildPlanGen2({ desired: [definition("B", ["b"], { categories: ["X"] }), definition("A", ["a"])], live: [], config: gen2 });
    expect(plan.operations.map((operation) => operation.op)).toEqual(["create", "create"]);
    expect(plan.operations[0]).toMatchObject({ body: { name: "A", categories: [], languages: ["en-US"], vocabulary: ["a"] } });
  });

  it("breaks a name swap with a temporary name, all on the same ids", () => {
    const plan = buildPlanGen2({
      desired: [definition("A", ["b"], { previousNames: ["B"] }), definition("B", ["a"], { previousNames: ["A"] })],
      live: [live2("1", "A", ["a"]), live2("2", "B", ["b"])],
      config: gen2,
    });
    expect(plan.operations.map((operation) => (operation.op === "patch" ? `${operation.purpose} ${operation.id} ${operation.name}` : operation.op))).toEqual([
      expect.stringMatching(/^temporary-rename 2 B tracker-sync tmp [0-9a-f]{8}$/),
      "rename 1 B",
      "rename 2 A",
    ]);
  });

  it("lists Symbl-managed trackers as unmanaged, never prunes them and refuses a definition with their name", () => {
    const managed = live2("9", "Managed: Pricing", ["price"], { managed: true });
    const pruned = buildPlanGen2({ desired: [definition("A", ["a"])], live: [live2("1", "A", ["a"]), managed, live2("2", "Stray", ["s"])], config: gen2, prune: true });
    expect(pruned.changes.map((change) => `${change.kind} ${change.name}`)).toEqual(["delete Stray"]);
    expect(pruned.unmanaged).toEqual([{ id: "9", name: "Managed: Pricing", phraseCount: 1, symblManaged: true }]);

    const clash = buildPlanGen2({ desired: [definition("Managed: Pricing", ["mine"])], live: [managed], config: gen2 });
    expect(clash.violations.map((violation) => violation.guard)).toEqual(["symbl-managed"]);
    expect(clash.violations[0]?.message).toContain("trackers/managed-pricing.yaml:2");
  });

  it("counts Symbl-managed trackers against the 500-tracker limit", () => {
    const own = Array.from({ length: 498 }, (_, index) => live2(String(index + 1), `T${index}`, ["x"]));
    const managed = [live2("m1", "Managed: A", ["a"], { managed: true }), live2("m2", "Managed: B", ["b"], { managed: true })];
    const desired = [...own.map((tracker) => definition(tracker.name, ["x"])), definition("New", ["n"])];
    const plan = buildPlanGen2({ desired, live: [...own, ...managed], config: gen2 });
    expect(plan.capacity).toMatchObject({ trackersAfter: 501, peakTrackers: 501 });
    expect(plan.violations.map((violation) => violation.guard)).toEqual(["tracker-limit"]);
  });

  it("changes the live fingerprint when only a generation-2 field changes", () => {
    const desired = [definition("A", ["a"])];
    const before = buildPlanGen2({ desired, live: [live2("1", "A", ["a"])], config: gen2 });
    const after = buildPlanGen2({ desired, live: [live2("1", "A", ["a"], { categories: ["new"] })], config: gen2 });
    expect(after.liveFingerprint).not.toBe(before.liveFingerprint);
  });

  it("leaves generation 1 exactly as it was", () => {
    const input = { desired: [definition("New", ["a"], { previousNames: ["Old"], categories: ["ignored"] })], live: [live("1", "Old", ["a", "c"])], config: config() };
    expect(buildPlanForGeneration(input)).toEqual(buildPlan(input));
    expect(buildPlan(input).operations.map((operation) => operation.op)).not.toContain("patch");
  });
});

describe("buildTrackerPatch", () => {
  it("removes phrases before adding them, so a full tracker never passes 50 midway", () => {
    expect(buildTrackerPatch({ name: "A", added: ["new"], removed: ["old"] })).toEqual([
      { op: "remove", path: "/vocabulary", value: "old" },
      { op: "add", path: "/vocabulary", value: "new" },
    ]);
  });
});
