import { describe, expect, it } from "vitest";
import { planReleaseTags, readReleaseNotes } from "../../scripts/release.js";

// The CHANGELOG.md shape `npx changeset version` writes: new sections go right under the title.
const CHANGELOG = `# tracker-sync

## 1.1.0

### Minor Changes

- 1a2b3c4: plan --out saves the plan for apply --plan.

## 1.0.0

### Major Changes

- 9e11ca0: First versioned release.
`;

describe("release script", () => {
  it("tags vX.Y.Z and moves the major tag vX", () => {
    expect(planReleaseTags("1.4.2")).toEqual({ version: "1.4.2", tag: "v1.4.2", majorTag: "v1" });
    expect(planReleaseTags("2.0.0").majorTag).toBe("v2");
  });

  it("never moves the major tag for a pre-release, and refuses a version that is not semver", () => {
    expect(planReleaseTags("2.0.0-rc.1")).toEqual({ version: "2.0.0-rc.1", tag: "v2.0.0-rc.1", majorTag: undefined });
    expect(() => planReleaseTags("1.0")).toThrow("package.json version '1.0' is not X.Y.Z semver");
  });

  it("uses the version's CHANGELOG.md section as the release notes", () => {
    expect(readReleaseNotes(CHANGELOG, "1.1.0")).toBe("### Minor Changes\n\n- 1a2b3c4: plan --out saves the plan for apply --plan.");
    expect(readReleaseNotes(CHANGELOG, "1.0.0")).toBe("### Major Changes\n\n- 9e11ca0: First versioned release.");
  });

  it("refuses to release a version without a CHANGELOG.md section, saying how to write one", () => {
    expect(() => readReleaseNotes(CHANGELOG, "1.2.0")).toThrow("CHANGELOG.md has no '## 1.2.0' section. Run 'npx changeset version'");
  });
});
