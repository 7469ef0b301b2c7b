import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIOME = join(REPO_ROOT, "node_modules", ".bin", "biome");
const PURE_FOLDERS = ["model", "plan", "validate", "render", "match"];
const BANNED_IMPORTS = ["node:fs", "fs", "node:fs/promises", "node:http", "http", "https", "net", "node:process", "process", "@actions/core", "@actions/github"];

/** The project's biome.jsonc in a scratch tree (not a git checkout, so --vcs-enabled=false), with probe files under src/. */
const scratch = mkdtempSync(join(tmpdir(), "architecture-rule-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeProbe(path: string, text: string): void {
  mkdirSync(dirname(join(scratch, path)), { recursive: true });
  writeFileSync(join(scratch, path), text);
}

interface Diagnostic {
  rule: string;
  file: string;
  line: number;
}

function lintScratch(): Promise<Diagnostic[]> {
  copyFileSync(join(REPO_ROOT, "biome.jsonc"), join(scratch, "biome.jsonc"));
  return new Promise((resolve, reject) => {
    execFile(BIOME, ["lint", "--vcs-enabled=false", "--reporter=github", "--max-diagnostics=none", "."], { cwd: scratch }, (error, stdout) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve(
        [...stdout.matchAll(/^::error title=([^,]+),file=([^,]+),line=(\d+)/gm)].map((match) => ({
          rule: match[1] as string,
          file: (match[2] as string).slice(scratch.length + 1),
          line: Number(match[3]),
        })),
      );
    });
  });
}

describe("the architecture rule (biome.jsonc overrides for the pure folders)", () => {
  it("fails every banned import and the global process in every pure folder, and nowhere else", async () => {
    const probe = `${BANNED_IMPORTS.map((name, index) => `import * as banned${index} from "${name}";`).join("\n")}\nexport const all = [${BANNED_IMPORTS.map((_, index) => `banned${index}`).join(", ")}, process.env.HOME];\n`;
    for (const folder of PURE_FOLDERS) writeProbe(`src/${folder}/nested/probe.ts`, probe);
    for (const folder of ["load", "cli", "action", "pipeline"]) writeProbe(`src/${folder}/probe.ts`, probe);
    writeProbe("src/model/clean.ts", 'import { join } from "node:path";\nexport const clean = join("a", "b");\n');

    const diagnostics = await lintScratch();
    for (const folder of PURE_FOLDERS) {
      const inFolder = diagnostics.filter((diagnostic) => diagnostic.file === `src/${folder}/nested/probe.ts`);
      const importLines = inFolder
        .filter((diagnostic) => diagnostic.rule === "lint/style/noRestrictedImports")
        .map((diagnostic) => diagnostic.line)
        .sort((a, b) => a - b);
      expect(importLines, `src/${folder}`).toEqual(BANNED_IMPORTS.map((_, index) => index + 1));
      expect(
        inFolder.filter((diagnostic) => diagnostic.rule === "lint/style/noRestrictedGlobals").map((diagnostic) => diagnostic.line),
        `src/${folder}`,
      ).toEqual([BANNED_IMPORTS.length + 1]);
    }
    const elsewhere = diagnostics.filter((diagnostic) => !PURE_FOLDERS.some((folder) => diagnostic.file.startsWith(`src/${folder}/`)));
    expect(elsewhere.filter((diagnostic) => diagnostic.rule.startsWith("lint/style/noRestricted"))).toEqual([]);
    expect(diagnostics.filter((diagnostic) => diagnostic.file === "src/model/clean.ts")).toEqual([]);
  });
});
