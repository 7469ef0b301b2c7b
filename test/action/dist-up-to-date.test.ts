import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./action-harness.js";

describe("dist/action.js", () => {
  it("is the bundle of the current sources (run `npm run build` and commit dist/action.js when this fails)", async () => {
    const { buildOptions } = (await import(join(REPO_ROOT, "build.mjs"))) as { buildOptions: Record<string, Record<string, unknown>> };
    const result = await build({ ...buildOptions.action, write: false });
    const fresh = result.outputFiles.find((file) => file.path.endsWith("action.js"));
    const committed = readFileSync(join(REPO_ROOT, "dist", "action.js"), "utf8");
    const upToDate = fresh?.text === committed;
    expect(upToDate, "dist/action.js is out of date with src/: run `npm run build` and commit dist/action.js.").toBe(true);
  });

  it("builds the same bytes twice", async () => {
    const { buildOptions } = (await import(join(REPO_ROOT, "build.mjs"))) as { buildOptions: Record<string, Record<string, unknown>> };
    const [first, second] = await Promise.all([build({ ...buildOptions.action, write: false }), build({ ...buildOptions.action, write: false })]);
    expect(first.outputFiles[0]!.text).toBe(second.outputFiles[0]!.text);
    expect(first.outputFiles[0]!.text).not.toContain(REPO_ROOT);
  });
});
