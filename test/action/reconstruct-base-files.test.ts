import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/action/create-github-client.js";
import { isUnderRoots } from "../../src/action/plan-against-base.js";
import { reconstructBaseFiles } from "../../src/action/reconstruct-base-files.js";
import { startFakeGitHubServer, type FakeGitHubServer } from "../helpers/fake-github-server.js";

describe("reconstructBaseFiles", () => {
  let github: FakeGitHubServer;
  beforeEach(async () => {
    github = await startFakeGitHubServer();
  });
  afterEach(async () => {
    await github.close();
  });

  it("keeps untouched files from the checkout and reads only changed definition files from the base commit", async () => {
    github.state.files.base = {
      "trackers/modified.yaml": "base version",
      "trackers/removed.yaml": "removed in the PR",
      "trackers/old-name.yaml": "renamed in the PR",
      "docs/readme.yaml": "outside the definition paths",
    };
    github.state.pullFiles[3] = [
      { filename: "trackers/modified.yaml", status: "modified" },
      { filename: "trackers/removed.yaml", status: "removed" },
      { filename: "trackers/new-name.yaml", status: "renamed", previous_filename: "trackers/old-name.yaml" },
      { filename: "trackers/added.yaml", status: "added" },
      { filename: "trackers/copy.yaml", status: "copied" },
      { filename: "docs/readme.yaml", status: "modified" },
    ];
    const headFiles = new Map([
      ["trackers/untouched.yaml", "same on both sides"],
      ["trackers/modified.yaml", "head version"],
      ["trackers/new-name.yaml", "renamed in the PR"],
      ["trackers/added.yaml", "new"],
      ["trackers/copy.yaml", "copied"],
    ]);
    const files = await reconstructBaseFiles(createGitHubClient({ token: "t", baseUrl: github.url, throttle: false }), {
      repo: { owner: "acme", repo: "trackers" },
      pullNumber: 3,
      baseSha: "base",
      headFiles,
      isDefinitionPath: (path) => isUnderRoots(path, ["trackers"]),
    });
    expect(files).toEqual([
      { path: "trackers/modified.yaml", content: "base version" },
      { path: "trackers/old-name.yaml", content: "renamed in the PR" },
      { path: "trackers/removed.yaml", content: "removed in the PR" },
      { path: "trackers/untouched.yaml", content: "same on both sides" },
    ]);
    const reads = github
      .requests()
      .filter((request) => request.path.includes("/contents/"))
      .map((request) => decodeURIComponent(request.path.split("/contents/")[1]!));
    expect(reads.sort()).toEqual(["trackers/modified.yaml", "trackers/old-name.yaml", "trackers/removed.yaml"]);
  });

  it("reads every page of a large pull request's file list", async () => {
    github.state.pullFiles[4] = Array.from({ length: 250 }, (_, index) => ({ filename: `trackers/t${index}.yaml`, status: "added" as const }));
    const headFiles = new Map(github.state.pullFiles[4].map((file) => [file.filename, "new"]));
    const files = await reconstructBaseFiles(createGitHubClient({ token: "t", baseUrl: github.url, throttle: false }), {
      repo: { owner: "acme", repo: "trackers" },
      pullNumber: 4,
      baseSha: "base",
      headFiles,
      isDefinitionPath: () => true,
    });
    expect(files).toEqual([]);
    expect(github.requests().map((request) => request.query.page ?? "1")).toEqual(["1", "2", "3"]);
  });
});

describe("isUnderRoots", () => {
  it("matches YAML files under a directory, a named file whatever its extension, and skips what the loader skips", () => {
    expect(isUnderRoots("trackers/a.yaml", ["trackers"])).toBe(true);
    expect(isUnderRoots("trackers/deep/a.yml", ["trackers"])).toBe(true);
    expect(isUnderRoots("trackers/a.json", ["trackers"])).toBe(false);
    expect(isUnderRoots("trackers-old/a.yaml", ["trackers"])).toBe(false);
    expect(isUnderRoots("trackers/.hidden/a.yaml", ["trackers"])).toBe(false);
    expect(isUnderRoots("trackers/node_modules/a.yaml", ["trackers"])).toBe(false);
    expect(isUnderRoots("defs.txt", ["defs.txt"])).toBe(true);
    expect(isUnderRoots("any/where.yaml", [""])).toBe(true);
  });
});
