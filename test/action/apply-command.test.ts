import { describe, expect, it } from "vitest";
import type { ActionIo } from "../../src/action/action-io.js";
import type { Annotation } from "../../src/action/annotations.js";
import { APPLY_COMMENT_MARKER, runApply } from "../../src/action/commands/apply.js";
import { createGitHubClient } from "../../src/action/create-github-client.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import type { TrackersApi } from "../../src/client/trackers-api.js";
import { APP_ID, APP_SECRET, closeServersAfterEach, SEED, startServers, workspaceWith } from "./fixtures.js";

closeServersAfterEach();

function recordingIo(tempDir: string) {
  const record = { outputs: {} as Record<string, string>, annotations: [] as Annotation[], summary: "", warnings: [] as string[], info: [] as string[] };
  const io: ActionIo = {
    setSecret: () => {},
    redact: (text) => text,
    setOutput: (name, value) => void (record.outputs[name] = value),
    annotate: (annotation) => void record.annotations.push(annotation),
    info: (text) => void record.info.push(text),
    warning: (text) => void record.warnings.push(text),
    writeSummary: async (markdown) => void (record.summary += markdown),
    tempDir,
  };
  return { io, record };
}

describe("apply command (in process, injected API)", () => {
  it("fails the job when a change fails, reports it per tracker, and still applies the others", async () => {
    const { github, emulator } = await startServers({ initialTrackers: SEED });
    github.state.pullsByCommit["e".repeat(40)] = [21];
    const workspace = workspaceWith([...SEED[0]!.vocabulary, "refund to my card"]);
    const real = createTrackersApi({ env: { SYMBL_APP_ID: APP_ID, SYMBL_APP_SECRET: APP_SECRET, SYMBL_API_URL: emulator.url } });
    const failingPut: TrackersApi = {
      ...real,
      listTrackers: () => real.listTrackers(),
      createTrackers: (inputs) => real.createTrackers(inputs),
      updateTracker: async () => {
        throw new Error("The server closed the connection.");
      },
    };
    const { io, record } = recordingIo(`${workspace}/.runner-temp`);

    const outcome = await runApply({
      inputs: { command: "apply", comment: true },
      github: { eventName: "push", owner: "acme", repo: "trackers", sha: "e".repeat(40), workspace, apiUrl: github.url, runUrl: "https://github.com/acme/trackers/actions/runs/1" },
      io,
      symbl: { env: {}, hasCredentials: true, secrets: [] },
      octokit: () => createGitHubClient({ token: "t", baseUrl: github.url, throttle: false }),
      createApi: () => failingPut,
    });

    expect(outcome.failure).toMatch(/^Apply failed for 1 of 2 change\(s\)/);
    expect(record.outputs).toMatchObject({ applied: "1", failed: "1", "has-changes": "true" });
    expect(emulator.trackers().map((tracker) => tracker.name)).toContain("Cancellation Request");
    expect(record.summary).toContain("❌ failed | update | Refund Request");
    expect(record.summary).toContain("The server closed the connection.");
    const comment = github.state.comments.find((candidate) => candidate.issueNumber === 21);
    expect(comment?.body.startsWith(APPLY_COMMENT_MARKER)).toBe(true);
    expect(comment?.body).toContain("Apply finished with failures");
  });
});
