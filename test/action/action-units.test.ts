import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toAnnotations } from "../../src/action/annotations.js";
import { readGitHubContext } from "../../src/action/github-context.js";
import { parseActionInputs } from "../../src/action/inputs.js";
import { readPlanCommentState } from "../../src/action/plan-comment.js";
import { resolveSymblEnv } from "../../src/action/symbl-env.js";
import { UserError } from "../../src/errors.js";
import type { Finding } from "../../src/model/finding.js";
import { pullRequestEvent } from "./action-harness.js";

const inputsFrom = (values: Record<string, string>) => parseActionInputs((name) => values[name] ?? "");

describe("parseActionInputs", () => {
  it("turns empty inputs into undefined and applies defaults", () => {
    expect(inputsFrom({ command: "plan", comment: "true", path: "  " })).toEqual({ command: "plan", comment: true });
  });

  it("reads every input", () => {
    expect(
      inputsFrom({
        command: "apply",
        path: "defs",
        config: "cfg.yaml",
        "symbl-app-id": "id",
        "symbl-app-secret": "s",
        "symbl-api-url": "http://x",
        "github-token": "t",
        comment: "false",
        prune: "TRUE",
      }),
    ).toEqual({ command: "apply", path: "defs", config: "cfg.yaml", symblAppId: "id", symblAppSecret: "s", symblApiUrl: "http://x", githubToken: "t", comment: false, prune: true });
  });

  it("rejects an unknown command and a non-boolean flag with a sentence that says what to use", () => {
    expect(() => inputsFrom({ command: "destroy" })).toThrow(new UserError("Input 'command' is 'destroy'; use one of validate, plan, apply, drift."));
    expect(() => inputsFrom({ command: "plan", prune: "maybe" })).toThrow(/Input 'prune' is 'maybe'; use true or false/);
  });

  it("reads api-generation 1 or 2 and rejects anything else", () => {
    expect(inputsFrom({ command: "drift", "api-generation": "2" })).toMatchObject({ command: "drift", apiGeneration: 2 });
    expect(inputsFrom({ command: "plan", "api-generation": " 1 " })).toMatchObject({ apiGeneration: 1 });
    expect(() => inputsFrom({ command: "plan", "api-generation": "gen2" })).toThrow(new UserError("Input 'api-generation' is 'gen2'; use 1 or 2."));
  });
});

describe("readGitHubContext", () => {
  function withEvent(event: unknown) {
    const path = join(mkdtempSync(join(tmpdir(), "event-")), "event.json");
    writeFileSync(path, JSON.stringify(event));
    return { GITHUB_REPOSITORY: "acme/trackers", GITHUB_EVENT_PATH: path, GITHUB_EVENT_NAME: "pull_request", GITHUB_RUN_ID: "9", GITHUB_SERVER_URL: "https://ghe.example.com/" };
  }

  it("reads the pull request and tells a fork from a branch", () => {
    const own = readGitHubContext(withEvent(pullRequestEvent({ number: 4, headSha: "h", baseSha: "b" })), "/w");
    expect(own).toMatchObject({ owner: "acme", repo: "trackers", workspace: "/w", runUrl: "https://ghe.example.com/acme/trackers/actions/runs/9" });
    expect(own.pullRequest).toEqual({ number: 4, headSha: "h", baseSha: "b", baseRef: "main", fromFork: false });
    expect(readGitHubContext(withEvent(pullRequestEvent({ number: 4, headSha: "h", baseSha: "b", fork: true })), "/w").pullRequest?.fromFork).toBe(true);
  });

  it("treats a pull request whose head repository was deleted as a fork", () => {
    const event = pullRequestEvent({ number: 4, headSha: "h", baseSha: "b" });
    (event.pull_request.head as { repo: unknown }).repo = null;
    expect(readGitHubContext(withEvent(event), "/w").pullRequest?.fromFork).toBe(true);
  });

  it("has no pull request on push and fails clearly outside Actions", () => {
    expect(readGitHubContext(withEvent({ ref: "refs/heads/main" }), "/w").pullRequest).toBeUndefined();
    expect(() => readGitHubContext({}, "/w")).toThrow(/GITHUB_REPOSITORY is not set/);
  });
});

describe("toAnnotations", () => {
  const finding: Finding = { rule: "phrase-characters", severity: "error", message: "Bad.", file: "trackers/a.yaml", line: 4, column: 11, endLine: 4, endColumn: 12 };

  it("places findings by repository-relative path with line and column", () => {
    expect(toAnnotations([finding], { projectDir: "/repo/sub", workspace: "/repo" })).toEqual([
      {
        level: "error",
        message: "Bad.",
        properties: { title: "tracker-sync phrase-characters", file: "sub/trackers/a.yaml", startLine: 4, startColumn: 11, endLine: 4, endColumn: 12 },
      },
    ]);
  });

  it("drops the end of a multi-line range, which GitHub cannot show with columns", () => {
    const [annotation] = toAnnotations([{ ...finding, severity: "warning", endLine: 6 }], { projectDir: "/repo", workspace: "/repo" });
    expect(annotation!.level).toBe("warning");
    expect(annotation!.properties).not.toHaveProperty("endLine");
  });
});

describe("plan comment state", () => {
  it("reads the hidden state line and ignores damaged ones", () => {
    const state = { fingerprint: "abc", desiredFingerprint: "def", mode: "live", sha: "123", apiUrl: "https://api.symbl.ai", deletes: ["Old <b>"], settingsDigest: "0f" };
    const body = `<!-- tracker-sync:plan -->\n<!-- tracker-sync:state ${JSON.stringify(state)} -->\n## tracker-sync`;
    expect(readPlanCommentState(body)).toEqual(state);
    // A state line from before the reviewed-plan checks lacks what apply compares: no plan apply can check.
    expect(readPlanCommentState(`<!-- tracker-sync:state {"fingerprint":"abc","mode":"live","sha":"123"} -->`)).toBeUndefined();
    expect(readPlanCommentState(body.replace('"live"', '"sideways"'))).toBeUndefined();
    expect(readPlanCommentState(body.replace("{", "{{"))).toBeUndefined();
    expect(readPlanCommentState("no state")).toBeUndefined();
  });
});

describe("resolveSymblEnv", () => {
  it("prefers inputs, falls back to SYMBL_* variables, and passes nothing else of the job's environment", () => {
    const fromInputs = resolveSymblEnv({ command: "plan", comment: true, symblAppId: "id", symblAppSecret: "secret" }, { SYMBL_API_URL: "http://emu", GITHUB_TOKEN: "x" });
    expect(fromInputs).toEqual({ env: { SYMBL_APP_ID: "id", SYMBL_APP_SECRET: "secret", SYMBL_API_URL: "http://emu" }, hasCredentials: true, secrets: ["id", "secret"] });
    expect(resolveSymblEnv({ command: "plan", comment: true }, { SYMBL_APP_ID: "id" })).toMatchObject({ hasCredentials: false, secrets: ["id"] });
  });
});
