import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/client/api-error.js";
import type { TrackersApi } from "../../src/client/trackers-api.js";
import { applyPutVocabulary, type PutBehavior } from "../../src/contract/trackers-contract.js";
import { applyPlan, type ApplyProgress } from "../../src/apply/apply-plan.js";
import type { LiveTracker, TrackerInput } from "../../src/model/tracker.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { config, definition, live } from "../plan/builders.js";

// The fake account below replaces the vocabulary on PUT, so the plans it runs are made for such an account.
const replaceConfig = config({ putBehavior: "replace" });

/** An in-memory account with a hook to fail chosen calls, for the parts of apply that HTTP cannot stage. */
function fakeAccount(initial: LiveTracker[], failFor: (call: string, name: string) => ApiError | undefined = () => undefined, putBehavior: PutBehavior = "replace") {
  let trackers = initial.map((tracker) => ({ ...tracker, vocabulary: [...tracker.vocabulary] }));
  let nextId = 500;
  const log: string[] = [];
  const create = (input: TrackerInput): LiveTracker => {
    const failure = failFor("create", input.name);
    if (failure) throw failure;
    if (trackers.some((tracker) => tracker.name === input.name)) throw new ApiError("409", "POST", "/", 409, "exists");
    const created = { id: String(nextId++), name: input.name, vocabulary: [...input.vocabulary] };
    trackers.push(created);
    return created;
  };
  const api: TrackersApi = {
    listTrackers: async () => (log.push("list"), trackers.map((tracker) => ({ ...tracker }))),
    findTrackersByName: async (name) => trackers.filter((tracker) => tracker.name === name),
    getTracker: async (id) => trackers.find((tracker) => tracker.id === id) as LiveTracker,
    createTracker: async (input) => (log.push(`create ${input.name}`), create(input)),
    createTrackers: async (inputs) => {
      log.push(`bulk ${inputs.map((input) => input.name).join(",")}`);
      // All-or-nothing, like a bulk endpoint that validates the whole array first.
      for (const input of inputs) {
        const failure = failFor("create", input.name);
        if (failure) throw failure;
      }
      return inputs.map(create);
    },
    updateTracker: async (tracker) => {
      log.push(`put ${tracker.name}`);
      const failure = failFor("put", tracker.name);
      if (failure) throw failure;
      trackers = trackers.map((item) => (item.id === tracker.id ? { ...tracker, vocabulary: applyPutVocabulary(item.vocabulary, tracker.vocabulary, putBehavior) } : item));
      return trackers.find((item) => item.id === tracker.id) as LiveTracker;
    },
    deleteTracker: async (id) => {
      log.push(`delete ${id}`);
      const name = trackers.find((tracker) => tracker.id === id)?.name ?? "";
      const failure = failFor("delete", name);
      if (failure) throw failure;
      if (!trackers.some((tracker) => tracker.id === id)) throw new ApiError("404", "DELETE", "/", 404, "not found");
      trackers = trackers.filter((tracker) => tracker.id !== id);
    },
  };
  return { api, log, trackers: () => trackers };
}

describe("applyPlan", () => {
  const desired = [definition("A", ["a"]), definition("B", ["b"]), definition("Broken", ["x"]), definition("U", ["u", "new"]), definition("Gone", ["g"], { retired: true })];
  const initial = [live("1", "U", ["u", "old"]), live("2", "Gone", ["g"])];

  it("isolates a failing tracker in a bulk create, keeps going, and a re-run finishes the job", async () => {
    let brokenFails = true;
    const account = fakeAccount(initial, (call, name) =>
      call === "create" && name === "Broken" && brokenFails ? new ApiError("POST /v1/manage/trackers failed: 400 Bad Request: bad", "POST", "/", 400, "bad") : undefined,
    );
    const progress: ApplyProgress[] = [];
    const plan = buildPlan({ desired, live: initial, config: replaceConfig });
    const result = await applyPlan(plan, account.api, { onProgress: (event) => progress.push(event) });
    expect(result.outcomes.map((outcome) => `${outcome.status} ${outcome.kind} ${outcome.name}`)).toEqual([
      "applied create A",
      "applied create B",
      "failed create Broken",
      "applied update U",
      "applied delete Gone",
    ]);
    expect(result.outcomes[2]?.reason).toBe("POST /v1/manage/trackers failed: 400 Bad Request: bad");
    expect(result.verified).toBe(false);
    expect(account.log).toEqual(["bulk A,B,Broken", "list", "create A", "create B", "create Broken", "put U", "delete 2", "list"]);
    expect(progress.filter((event) => event.status !== "started").map((event) => `${event.step} ${event.status}`)).toEqual(["1 failed", "2 done", "3 done", "0 failed"]);

    brokenFails = false;
    const rerun = buildPlan({ desired, live: account.trackers(), config: replaceConfig });
    expect(rerun.changes.map((change) => `${change.kind} ${change.name}`)).toEqual(["create Broken"]);
    const second = await applyPlan(rerun, account.api);
    expect(second.verified).toBe(true);
    expect(buildPlan({ desired, live: account.trackers(), config: replaceConfig }).changes).toEqual([]);
  });

  it("reports a failed PUT and a failed delete without stopping later operations", async () => {
    const account = fakeAccount(initial, (call) => (call === "put" ? new ApiError("PUT failed: 500", "PUT", "/", 500, "x") : undefined));
    const plan = buildPlan({ desired: desired.filter((tracker) => tracker.name !== "Broken"), live: initial, config: replaceConfig });
    const result = await applyPlan(plan, account.api);
    expect(result.outcomes.find((outcome) => outcome.name === "U")).toMatchObject({ status: "failed", reason: "PUT failed: 500" });
    expect(result.outcomes.find((outcome) => outcome.name === "Gone")).toMatchObject({ status: "applied" });
    expect(result.apiCalls).toBe(4);
  });

  it("treats a delete of a tracker that is already gone as done", async () => {
    const account = fakeAccount([]);
    const plan = buildPlan({ desired: [definition("A", ["a"]), definition("Gone", ["g"], { retired: true })], live: [live("1", "A", ["a"]), live("2", "Gone", ["g"])], config: replaceConfig });
    const result = await applyPlan(plan, account.api);
    expect(result.outcomes.find((outcome) => outcome.name === "Gone")?.status).toBe("applied");
  });

  it("skips the final rename when its temporary rename failed", async () => {
    const swapDesired = [definition("A", ["b"], { previousNames: ["B"] }), definition("B", ["a"], { previousNames: ["A"] })];
    const swapLive = [live("1", "A", ["a"]), live("2", "B", ["b"])];
    const account = fakeAccount(swapLive, (call, name) => (call === "put" && name.includes("tracker-sync tmp") ? new ApiError("PUT failed: 502", "PUT", "/", 502, "x") : undefined));
    const plan = buildPlan({ desired: swapDesired, live: swapLive, config: replaceConfig });
    const result = await applyPlan(plan, account.api);
    expect(account.log.filter((entry) => entry.startsWith("put")).length).toBeGreaterThanOrEqual(1);
    expect(result.outcomes.some((outcome) => outcome.status === "failed")).toBe(true);
    // Nothing was lost: both ids still exist.
    expect(
      account
        .trackers()
        .map((tracker) => tracker.id)
        .sort(),
    ).toEqual(["1", "2"]);
  });

  describe("against an account that appends on PUT", () => {
    const appendConfig = config({ putBehavior: "append" });

    it("recreates a tracker whose phrases were removed, reports old and new id, and converges", async () => {
      const account = fakeAccount(initial, undefined, "append");
      const plan = buildPlan({ desired, live: initial, config: appendConfig });
      expect(plan.changes.find((change) => change.name === "U")).toMatchObject({ kind: "recreate", id: "1", removed: ["old"], added: ["new"] });
      expect(plan.operations[0]).toEqual({ op: "delete", id: "1", name: "U", purpose: "recreate" });
      const result = await applyPlan(plan, account.api);
      expect(result.verified).toBe(true);
      const recreated = account.trackers().find((tracker) => tracker.name === "U") as LiveTracker;
      expect(recreated.vocabulary).toEqual(["u", "new"]);
      expect(result.idChanges).toEqual([{ name: "U", oldId: "1", newId: recreated.id }]);
      expect(result.outcomes.find((outcome) => outcome.name === "U")).toMatchObject({ kind: "recreate", status: "applied", id: recreated.id });
      expect(buildPlan({ desired, live: account.trackers(), config: appendConfig }).changes).toEqual([]);
    });

    it("does not create the tracker again when deleting the old one failed, so nothing is duplicated", async () => {
      const account = fakeAccount(initial, (call, name) => (call === "delete" && name === "U" ? new ApiError("DELETE failed: 500", "DELETE", "/", 500, "x") : undefined), "append");
      const plan = buildPlan({ desired: desired.filter((tracker) => tracker.name !== "Broken"), live: initial, config: appendConfig });
      const result = await applyPlan(plan, account.api);
      expect(result.outcomes.find((outcome) => outcome.name === "U")).toMatchObject({
        status: "failed",
        reason: expect.stringMatching(/Deleting the old tracker \(id 1\) failed, so it was not created again/),
      });
      expect(account.trackers().filter((tracker) => tracker.name === "U")).toEqual([{ id: "1", name: "U", vocabulary: ["u", "old"] }]);
      expect(result.idChanges).toEqual([]);
      expect(account.log).not.toContain("bulk A,B,U");
    });

    it("tells the user to set putBehavior: append when a replace plan meets an appending account", async () => {
      const account = fakeAccount(initial, undefined, "append");
      const plan = buildPlan({ desired, live: initial, config: replaceConfig });
      const result = await applyPlan(plan, account.api);
      expect(result.verified).toBe(false);
      expect(result.mergedOnPut).toEqual([{ name: "U", id: "1", unexpected: ["old"] }]);
      expect(result.outcomes.find((outcome) => outcome.name === "U")?.reason).toMatch(/Set putBehavior: append in tracker-sync.yaml/);
      const replanned = buildPlan({ desired, live: account.trackers(), config: appendConfig });
      expect(replanned.changes).toEqual([expect.objectContaining({ kind: "recreate", id: "1", removed: ["old"] })]);
      expect((await applyPlan(replanned, account.api)).verified).toBe(true);
    });
  });
});
