import { describe, expect, it } from "vitest";
import { applyPutVocabulary, type PutBehavior } from "../../src/contract/trackers-contract.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { packCreates } from "../../src/plan/build-operations.js";
import { MAX_REQUEST_BYTES, measureJsonBytes } from "../../src/model/limits.js";
import type { LiveTracker } from "../../src/model/tracker.js";
import { config, definition, live, phrases } from "./builders.js";

// Most tests here are about PUT semantics on an account that replaces; the append cases are at the end.
const replaceConfig = config({ putBehavior: "replace" });
const appendConfig = config({ putBehavior: "append" });

/** Applies a plan's operations to an in-memory account, the way a server with this PUT behaviour would. */
function simulate(account: LiveTracker[], plan: ReturnType<typeof buildPlan>, putBehavior: PutBehavior = "replace"): LiveTracker[] {
  let state = account.map((tracker) => ({ ...tracker, vocabulary: [...tracker.vocabulary] }));
  let nextId = 9000;
  for (const operation of plan.operations) {
    if (operation.op === "bulk-create") {
      for (const input of operation.body) {
        if (state.some((tracker) => tracker.name === input.name)) throw new Error(`409 create ${input.name}`);
        state.push({ id: String(nextId++), name: input.name, vocabulary: [...input.vocabulary] });
      }
    } else if (operation.op === "put") {
      if (state.some((tracker) => tracker.name === operation.body.name && tracker.id !== operation.id)) throw new Error(`409 put ${operation.body.name}`);
      state = state.map((tracker) => (tracker.id === operation.id ? { ...operation.body, vocabulary: applyPutVocabulary(tracker.vocabulary, operation.body.vocabulary, putBehavior) } : tracker));
    } else if (operation.op === "delete") {
      state = state.filter((tracker) => tracker.id !== operation.id);
    } else {
      throw new Error(`a generation-1 plan never holds a ${operation.op} operation`);
    }
  }
  return state;
}

describe("buildPlan", () => {
  it("creates, updates per phrase, leaves equal sets alone and lists unmanaged trackers", () => {
    const plan = buildPlan({
      desired: [definition("New", ["a", "b"]), definition("Changed", ["keep", "add"]), definition("Same", ["x", "y"])],
      live: [live("1", "Changed", ["keep", "drop"]), live("2", "Same", ["y", "x"]), live("3", "Other", ["o"])],
      config: replaceConfig,
    });
    expect(plan.summary).toEqual({ create: 1, update: 1, rename: 0, recreate: 0, delete: 0, unchanged: 1, unmanaged: 1 });
    const update = plan.changes.find((change) => change.kind === "update");
    expect(update).toMatchObject({ name: "Changed", id: "1", added: ["add"], removed: ["drop"] });
    expect(plan.unmanaged).toEqual([{ id: "3", name: "Other", phraseCount: 1 }]);
    expect(plan.operations.map((operation) => operation.op)).toEqual(["bulk-create", "put"]);
    expect(plan.violations).toEqual([]);
  });

  it("plans nothing after its own operations are applied (no perpetual diff)", () => {
    const desired = [definition("A", ["1", "2"]), definition("B", ["3"], { previousNames: ["Old B"] }), definition("Gone", ["z"], { retired: true })];
    const account = [live("1", "A", ["2"]), live("2", "Old B", ["3", "4"]), live("3", "Gone", ["z"])];
    const first = buildPlan({ desired, live: account, config: replaceConfig });
    expect(first.changes.map((change) => change.kind)).toEqual(["rename", "update", "delete"]);
    const second = buildPlan({ desired, live: simulate(account, first), config: replaceConfig });
    expect(second.changes).toEqual([]);
    expect(second.operations).toEqual([]);
  });

  it("renames through previousNames with a PUT on the existing id", () => {
    const plan = buildPlan({ desired: [definition("New Name", ["a", "c"], { previousNames: ["Old Name"] })], live: [live("7", "Old Name", ["a", "b"])], config: replaceConfig });
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "rename", id: "7", from: "Old Name", name: "New Name", added: ["c"], removed: ["b"] })]);
    expect(plan.operations).toEqual([{ op: "put", id: "7", body: { id: "7", name: "New Name", vocabulary: ["a", "c"] }, purpose: "rename" }]);
  });

  it("keeps the exact-name match when the old name is still wanted by the repository", () => {
    const plan = buildPlan({
      desired: [definition("Y", ["y"], { previousNames: ["X"] }), definition("X", ["x"])],
      live: [live("1", "X", ["x"])],
      config: replaceConfig,
    });
    expect(plan.changes.map((change) => `${change.kind} ${change.name}`)).toEqual(["create Y"]);
  });

  it("swaps two names through a temporary name that passes the character rules, with no conflict", () => {
    const desired = [definition("A", ["b1", "b2"], { previousNames: ["B"] }), definition("B", ["a1"], { previousNames: ["A"] })];
    const account = [live("1", "A", ["a1"]), live("2", "B", ["b1", "b2"])];
    const plan = buildPlan({ desired, live: account, config: replaceConfig });
    expect(plan.summary.rename).toBe(2);
    expect(plan.operations.map((operation) => (operation.op === "put" ? `${operation.purpose} ${operation.id}` : operation.op))).toEqual(["temporary-rename 2", "rename 1", "rename 2"]);
    const temporary = plan.operations[0];
    expect(temporary?.op === "put" && /^[\p{L}\p{N} .'-]+$/u.test(temporary.body.name)).toBe(true);
    const after = simulate(account, plan);
    expect(after).toEqual(expect.arrayContaining([live("2", "A", ["b1", "b2"]), live("1", "B", ["a1"])]));
    expect(buildPlan({ desired, live: after, config: replaceConfig }).changes).toEqual([]);
  });

  it("finishes a swap that was interrupted after the temporary rename", () => {
    const desired = [definition("A", ["b1"], { previousNames: ["B"] }), definition("B", ["a1"], { previousNames: ["A"] })];
    const account = [live("1", "A", ["a1"]), live("2", "B", ["b1"])];
    const plan = buildPlan({ desired, live: account, config: replaceConfig });
    const firstOperation = plan.operations[0];
    if (firstOperation?.op !== "put") throw new Error("expected a temporary rename first");
    const interrupted = account.map((tracker) => (tracker.id === firstOperation.id ? { ...firstOperation.body } : tracker));
    const resumed = buildPlan({ desired, live: interrupted, config: replaceConfig });
    expect(resumed.changes.map((change) => `${change.kind} ${change.name}`)).toEqual(["rename A", "rename B"]);
    expect(resumed.unmanaged).toEqual([]);
    const after = simulate(interrupted, resumed);
    expect(after).toEqual(expect.arrayContaining([live("2", "A", ["b1"]), live("1", "B", ["a1"])]));
    expect(buildPlan({ desired, live: after, config: replaceConfig }).changes).toEqual([]);
  });

  it("does not swap when the exact names already fit better than moving the ids", () => {
    const desired = [definition("A", ["a1"], { previousNames: ["B"] }), definition("B", ["b1"], { previousNames: ["A"] })];
    const plan = buildPlan({ desired, live: [live("1", "A", ["a1"]), live("2", "B", ["b1"])], config: replaceConfig });
    expect(plan.changes).toEqual([]);
  });

  it("orders a rename chain without temporary names", () => {
    const desired = [definition("C", ["b"], { previousNames: ["B"] }), definition("B", ["a"], { previousNames: ["A"] })];
    const account = [live("1", "A", ["a"]), live("2", "B", ["b"])];
    const plan = buildPlan({ desired, live: account, config: replaceConfig });
    expect(plan.operations.map((operation) => (operation.op === "put" ? `${operation.purpose} ${operation.body.name}` : operation.op))).toEqual(["rename C", "rename B"]);
    expect(buildPlan({ desired, live: simulate(account, plan), config: replaceConfig }).changes).toEqual([]);
  });

  it("deletes a tombstone only when it is live, and deletes last", () => {
    const plan = buildPlan({
      desired: [definition("Keep", ["k"]), definition("Retired", ["r"], { retired: true }), definition("Never There", ["n"], { retired: true })],
      live: [live("1", "Keep", ["k"]), live("2", "Retired", ["r"])],
      config: replaceConfig,
    });
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "delete", id: "2", reason: "retired" })]);
    expect(plan.operations).toEqual([{ op: "delete", id: "2", name: "Retired" }]);
  });

  it("prunes only with prune on, and only inside the ownership prefix", () => {
    const account = [live("1", "team Keep", ["k"]), live("2", "team Stray", ["s"]), live("3", "Symbl Managed", ["m"])];
    const desired = [definition("team Keep", ["k"])];
    const off = buildPlan({ desired, live: account, config: config({ ownership: { prefix: "team " } }) });
    expect(off.summary.delete).toBe(0);
    expect(off.unmanaged.map((tracker) => tracker.name)).toEqual(["Symbl Managed", "team Stray"]);
    const on = buildPlan({ desired, live: account, config: config({ ownership: { prefix: "team " } }), prune: true });
    expect(on.changes).toEqual([expect.objectContaining({ kind: "delete", name: "team Stray", reason: "pruned" })]);
    expect(on.unmanaged.map((tracker) => tracker.name)).toEqual(["Symbl Managed"]);
    expect(on.fingerprint).not.toBe(off.fingerprint);
  });

  it("refuses too many deletes, too large a share, and an empty desired set", () => {
    const account = Array.from({ length: 12 }, (_, index) => live(String(index + 1), `T${String(index + 1).padStart(2, "0")}`, ["p"]));
    const keep = [definition("T01", ["p"])];
    const plan = buildPlan({ desired: keep, live: account, config: config({ prune: true }) });
    expect(plan.violations.map((violation) => violation.guard)).toEqual(["max-deletes", "max-delete-percent"]);
    expect(plan.violations[0]?.message).toMatch(/deletes 11 trackers, more than guards.maxDeletes \(10\)/);
    const allowed = buildPlan({ desired: keep, live: account, config: config({ prune: true, guards: { maxDeletes: 20, maxDeletePercent: 100 } }) });
    expect(allowed.violations).toEqual([]);
    const empty = buildPlan({ desired: [], live: [], config: replaceConfig });
    expect(empty.violations.map((violation) => violation.guard)).toEqual(["empty-desired"]);
    expect(buildPlan({ desired: [], live: [], config: config({ guards: { allowEmpty: true } }) }).violations).toEqual([]);
  });

  it("lets a small account delete one of three trackers (the share guard needs 10 managed trackers)", () => {
    const plan = buildPlan({
      desired: [definition("A", ["a"]), definition("B", ["b"], { retired: true })],
      live: [live("1", "A", ["a"]), live("2", "B", ["b"]), live("3", "C", ["c"])],
      config: replaceConfig,
    });
    expect(plan.violations).toEqual([]);
  });

  it("refuses crossing the tracker, phrase and request-size limits", () => {
    const many = Array.from({ length: 501 }, (_, index) => definition(`Tracker ${index}`, ["p"]));
    expect(buildPlan({ desired: many, live: [], config: replaceConfig }).violations.map((violation) => violation.guard)).toEqual(["tracker-limit"]);
    const big = buildPlan({ desired: [definition("Big", phrases("x", 51))], live: [], config: replaceConfig });
    expect(big.violations.map((violation) => violation.guard)).toEqual(["phrase-limit"]);
    expect(big.violations[0]?.message).toContain("trackers/big.yaml:2");
    const huge = buildPlan({ desired: [definition("Huge", ["a".repeat(MAX_REQUEST_BYTES)])], live: [], config: replaceConfig });
    expect(huge.violations.map((violation) => violation.guard)).toEqual(["request-size"]);
  });

  it("packs creates into as few bulk requests as the 1 MB limit allows", () => {
    const inputs = Array.from({ length: 40 }, (_, index) => ({ name: `T${index}`, vocabulary: ["w".repeat(100_000)] }));
    const batches = packCreates(inputs);
    expect(batches.length).toBe(4);
    for (const batch of batches) expect(measureJsonBytes(batch)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    expect(batches.flat()).toEqual(inputs);
    const plan = buildPlan({ desired: inputs.map((input) => definition(input.name, input.vocabulary)), live: [], config: replaceConfig });
    expect(plan.operations.filter((operation) => operation.op === "bulk-create").length).toBe(4);
    expect(plan.capacity.largestRequestBytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
  });

  it("has a fingerprint that depends on content only, not on order or source locations", () => {
    const desired = [definition("A", ["1", "2"]), definition("B", ["3"])];
    const reordered = [definition("B", ["3"]), { ...definition("A", ["2", "1"]), source: { ...definition("A", []).source, file: "elsewhere.yaml" } }];
    const account = [live("1", "A", ["1"]), live("2", "C", ["c"])];
    const first = buildPlan({ desired, live: account, config: replaceConfig });
    const second = buildPlan({ desired: reordered, live: [...account].reverse(), config: replaceConfig });
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(buildPlan({ desired, live: [live("1", "A", ["1", "x"]), live("2", "C", ["c"])], config: replaceConfig }).liveFingerprint).not.toBe(first.liveFingerprint);
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("fills the capacity line", () => {
    const plan = buildPlan({ desired: [definition("A", phrases("a", 7)), definition("B", ["b"])], live: [live("1", "Unmanaged", phrases("u", 3))], config: replaceConfig });
    expect(plan.capacity).toMatchObject({ trackersAfter: 3, maxTrackers: 500, largestTracker: { name: "A", phrases: 7 }, maxPhrases: 50, maxRequestBytes: MAX_REQUEST_BYTES });
    expect(plan.capacity.largestRequestBytes).toBeGreaterThan(0);
  });

  describe("on an account that appends on PUT (the default putBehavior)", () => {
    it("is the default, plans additions as a PUT and removals as a recreate with the old id, and converges", () => {
      expect(config().putBehavior).toBe("append");
      const desired = [definition("Grow", ["a", "b"]), definition("Shrink", ["a"]), definition("Both", ["a", "new"])];
      const account = [live("1", "Grow", ["a"]), live("2", "Shrink", ["a", "b"]), live("3", "Both", ["a", "old"])];
      const plan = buildPlan({ desired, live: account, config: config() });
      expect(plan.options.putBehavior).toBe("append");
      expect(plan.changes.map((change) => `${change.kind} ${change.name}`)).toEqual(["recreate Both", "recreate Shrink", "update Grow"]);
      expect(plan.summary).toMatchObject({ update: 1, recreate: 2, delete: 0 });
      expect(plan.operations.map((operation) => `${operation.op} ${"purpose" in operation ? (operation.purpose ?? "") : ""}`.trim())).toEqual([
        "delete recreate",
        "delete recreate",
        "bulk-create",
        "put update",
      ]);
      const after = simulate(account, plan, "append");
      expect(after.find((tracker) => tracker.name === "Shrink")).toMatchObject({ vocabulary: ["a"] });
      expect(after.find((tracker) => tracker.name === "Shrink")?.id).not.toBe("2");
      expect(after.find((tracker) => tracker.name === "Grow")?.id).toBe("1");
      expect(buildPlan({ desired, live: after, config: config() }).changes).toEqual([]);
      // A recreate is not a deletion the user asked for: the delete guards do not count it.
      expect(plan.violations).toEqual([]);
    });

    it("recreates a rename that removes phrases under its new name, and a swap with one recreate converges without a 409", () => {
      const renamed = buildPlan({ desired: [definition("New", ["a"], { previousNames: ["Old"] })], live: [live("7", "Old", ["a", "b"])], config: appendConfig });
      expect(renamed.changes).toEqual([expect.objectContaining({ kind: "recreate", id: "7", from: "Old", name: "New", removed: ["b"] })]);
      expect(renamed.operations[0]).toEqual({ op: "delete", id: "7", name: "Old", purpose: "recreate" });

      const desired = [definition("A", ["b1"], { previousNames: ["B"] }), definition("B", ["a1", "a2", "a3"], { previousNames: ["A"] })];
      const account = [live("1", "A", ["a1", "a2", "a3"]), live("2", "B", ["b1", "b2"])];
      const plan = buildPlan({ desired, live: account, config: appendConfig });
      expect(plan.changes.map((change) => `${change.kind} ${change.name}`)).toEqual(["rename B", "recreate A"]);
      const after = simulate(account, plan, "append");
      expect(after).toEqual(expect.arrayContaining([live("1", "B", ["a1", "a2", "a3"]), expect.objectContaining({ name: "A", vocabulary: ["b1"] })]));
      expect(buildPlan({ desired, live: after, config: appendConfig }).changes).toEqual([]);
    });

    it("recreates in a full 500-tracker account without crossing the limit (delete first, then create)", () => {
      const account = Array.from({ length: 500 }, (_, index) => live(String(index + 1), `Keep ${index}`, ["k", "x"]));
      const desired = account.map((tracker, index) => definition(tracker.name, index === 0 ? ["k"] : ["k", "x"]));
      const plan = buildPlan({ desired, live: account, config: appendConfig });
      expect(plan.summary.recreate).toBe(1);
      expect(plan.capacity).toMatchObject({ trackersAfter: 500, peakTrackers: 500 });
      expect(plan.violations).toEqual([]);
    });

    it("deletes before creating when the creates would otherwise cross the 500-tracker limit during apply", () => {
      const account = Array.from({ length: 499 }, (_, index) => live(String(index + 1), `Keep ${index}`, ["k"]));
      account.push(live("1000", "Old", ["o"]));
      const desired = [...account.slice(0, 499).map((tracker) => definition(tracker.name, ["k"])), definition("Old", ["o"], { retired: true }), definition("New", ["n"])];
      const plan = buildPlan({ desired, live: account, config: appendConfig });
      expect(plan.operations.map((operation) => operation.op)).toEqual(["delete", "bulk-create"]);
      expect(plan.capacity).toMatchObject({ trackersAfter: 500, peakTrackers: 500 });
      expect(plan.violations).toEqual([]);
    });
  });

  describe("with live trackers the API returned incomplete", () => {
    const unreadable = [
      { id: "9", name: "Half", problem: "has no vocabulary" },
      { id: "10", problem: "has no name" },
    ];

    it("leaves them alone, lists them by id, and counts them in the capacity", () => {
      const plan = buildPlan({ desired: [definition("A", ["a"])], live: [], unreadable, config: config({ prune: true }) });
      expect(plan.unreadable).toEqual([
        { id: "10", problem: "has no name" },
        { id: "9", name: "Half", problem: "has no vocabulary" },
      ]);
      expect(plan.changes.map((change) => change.kind)).toEqual(["create"]);
      expect(plan.capacity.trackersAfter).toBe(3);
      expect(plan.violations).toEqual([]);
      expect(plan.liveFingerprint).not.toBe(buildPlan({ desired: [definition("A", ["a"])], live: [], config: config() }).liveFingerprint);
    });

    it("refuses when the repository names one of them, naming its id and the file", () => {
      const plan = buildPlan({ desired: [definition("Half", ["a"])], live: [], unreadable, config: config() });
      expect(plan.violations).toEqual([{ guard: "unreadable-tracker", message: expect.stringMatching(/tracker 9 \("Half"\) has no vocabulary.*trackers\/half\.yaml:2.*Fix or delete tracker 9/) }]);
    });
  });
});
