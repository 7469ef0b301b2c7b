import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// dist/cli.js hands `validate` to a single-file build of its own (src/cli/launch.ts). It must hold no other
// command's code and answer exactly as the full build does.

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "..", "..");
type BuildOptions = Record<string, unknown> & { entryPoints: Record<string, string> };

let out: string;
let validateInputs: string[];

beforeAll(async () => {
  const { buildOptions } = (await import(join(REPO_ROOT, "build.mjs"))) as { buildOptions: { cli: BuildOptions[] } };
  out = mkdtempSync(join(tmpdir(), "cli-build-"));
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(out, "bad.yaml"), "name: Bad\nvocabulary:\n  - refund!\n  - refund!\nextra: 1\n---\nname: [unclosed\n");
  for (const options of buildOptions.cli) await build({ ...options, outdir: out });
  const validateBuild = buildOptions.cli.find((options) => "chunks/validate-cli" in options.entryPoints)!;
  const result = await build({ ...validateBuild, write: false, metafile: true });
  validateInputs = Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runBuilt(entry: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(out, entry), ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the validate build", () => {
  it("bundles no other command, no client, emulator or phrase matcher", () => {
    expect(validateInputs).toContain("src/cli/commands/validate.ts");
    const foreign = validateInputs.filter((input) =>
      /^src\/(cli\/commands\/(?!validate\.ts)|client|emulator\/(?!defaults\.ts)|match|plan|apply|export|init|preview|promote)\b|node_modules\/(wink|octokit|@octokit|diff)\b/.test(input),
    );
    expect(foreign).toEqual([]);
  });

  it.each([
    [["validate"]],
    [["validate", "--format", "json", "test/validate/fixtures/valid"]],
    [["validate", "--format", "github", "BAD", "trackers/billing-dispute.yaml"]],
    [["validate", "BAD"]],
    [["validate", "--formt", "json"]],
    [["validate", "--help"]],
  ])("answers %j exactly as the full build does (exit code, stdout, stderr)", async (args) => {
    const argv = args.map((arg) => (arg === "BAD" ? join(out, "bad.yaml") : arg));
    const viaLauncher = await runBuilt("cli.js", argv);
    const full = await runBuilt("chunks/cli-main.js", argv);
    expect(viaLauncher).toEqual(full);
    expect(viaLauncher.stdout + viaLauncher.stderr).not.toBe("");
  });
});
