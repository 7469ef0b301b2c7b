import { mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadMatcher } from "../../src/match/analyze-text.js";
import type { TrackersApi } from "../../src/client/trackers-api.js";
import { DEFAULT_CONFIG } from "../../src/model/config.js";
import type { LiveTracker, TrackerDefinition } from "../../src/model/tracker.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { computePlanMatchImpact } from "../../src/plan/compute-plan-match-impact.js";
import { planProject } from "../../src/pipeline/plan-project.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";

// The matcher loads wink-nlp lazily (see loadMatcher); these tests call it directly.
beforeAll(() => loadMatcher());

function definition(name: string, vocabulary: string[], extra: Partial<TrackerDefinition> = {}): TrackerDefinition {
  const at = { file: `trackers/${name}.yaml`, line: 2, column: 7 };
  return { name, vocabulary, previousNames: [], retired: false, source: { file: at.file, documentIndex: 0, name: at, phrases: vocabulary.map(() => at) }, ...extra };
}

const conversation = {
  id: "call-1",
  messages: [{ payload: { content: "I would like a refund please." } }, { payload: { content: "Can I speak to a manager?" } }, { payload: { content: "We have a sale right now." } }],
};

describe("computePlanMatchImpact", () => {
  it("counts detections gained and lost per tracker against the current side of the plan", () => {
    const live: LiveTracker[] = [{ id: "1000000000000001", name: "Refund", vocabulary: ["refund"] }];
    const desired = [definition("Refund", ["money back"]), definition("Escalation", ["speak to a manager"])];
    const plan = buildPlan({ desired, live, config: DEFAULT_CONFIG });
    const impact = computePlanMatchImpact({ plan, live, desired, conversations: [conversation] });
    expect(impact).toEqual({
      conversations: 1,
      messages: 3,
      trackers: [
        { name: "Escalation", gained: 1, lost: 0, examplesGained: ["Can I speak to a manager?"], examplesLost: [] },
        { name: "Refund", gained: 0, lost: 1, examplesGained: [], examplesLost: ["I would like a refund please."] },
      ],
    });
  });

  it("compares a recreate (rename that removes a phrase, append account) phrase by phrase, not as a loss and a gain", () => {
    const live: LiveTracker[] = [{ id: "1000000000000001", name: "Refunds", vocabulary: ["refund", "sale"] }];
    const desired = [definition("Refund", ["refund"], { previousNames: ["Refunds"] })];
    const plan = buildPlan({ desired, live, config: DEFAULT_CONFIG });
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "recreate", from: "Refunds", name: "Refund" })]);
    const impact = computePlanMatchImpact({ plan, live, desired, conversations: [conversation] });
    expect(impact?.trackers).toEqual([{ name: "Refund", gained: 0, lost: 1, examplesGained: [], examplesLost: ["We have a sale right now."] }]);
  });

  it("follows renames, so a renamed tracker with the same phrases shows no impact", () => {
    const live: LiveTracker[] = [{ id: "1000000000000001", name: "Refunds", vocabulary: ["refund"] }];
    const desired = [definition("Refund Request", ["refund"], { previousNames: ["Refunds"] })];
    const plan = buildPlan({ desired, live, config: DEFAULT_CONFIG });
    expect(plan.changes.map((change) => change.kind)).toEqual(["rename"]);
    expect(computePlanMatchImpact({ plan, live, desired, conversations: [conversation] })?.trackers).toEqual([]);
  });

  it("is absent without conversations or without changes", () => {
    const live: LiveTracker[] = [{ id: "1000000000000001", name: "Refund", vocabulary: ["refund"] }];
    const same = [definition("Refund", ["refund"])];
    expect(computePlanMatchImpact({ plan: buildPlan({ desired: same, live, config: DEFAULT_CONFIG }), live, desired: same, conversations: [conversation] })).toBeUndefined();
    const changed = [definition("Refund", ["money back"])];
    expect(computePlanMatchImpact({ plan: buildPlan({ desired: changed, live, config: DEFAULT_CONFIG }), live, desired: changed, conversations: [] })).toBeUndefined();
  });
});

describe("planProject with sample conversations", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("attaches the match impact from the conversations directory and the renderers show it", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tracker-sync-impact-"));
    await mkdir(path.join(dir, "trackers"));
    await mkdir(path.join(dir, "conversations"));
    await writeFile(
      path.join(dir, "trackers", "escalation.yaml"),
      "name: Escalation\nvocabulary:\n  - speak to a manager\n  - talk to your supervisor\n  - escalate this\n  - your manager please\n  - file a complaint\n",
    );
    await writeFile(path.join(dir, "conversations", "call-1.json"), JSON.stringify({ messages: conversation.messages }));
    const api = { listTrackers: async () => [] } as unknown as TrackersApi;
    const { plan } = await planProject({ cwd: dir, api });
    expect(plan?.matchImpact).toEqual({ conversations: 1, messages: 3, trackers: [{ name: "Escalation", gained: 1, lost: 0, examplesGained: ["Can I speak to a manager?"], examplesLost: [] }] });
    expect(renderPlanText(plan!, { color: false })).toContain("Escalation");
    expect(renderPlanMarkdown(plan!)).toContain("Can I speak to a manager?");
  });
});
