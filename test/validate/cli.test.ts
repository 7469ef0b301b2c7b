import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { cleanPhrases, trackerYaml } from "./helpers.js";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tracker-sync-validate-cli-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(relative: string, content: string): Promise<void> {
  const full = path.join(root, relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
}

async function validate(args: string[], options: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  const io = createCapturedIo({ cwd: root, ...options });
  const code = await runCli(["validate", ...args], io);
  return { code, out: io.stdoutText, err: io.stderrText };
}

describe("tracker-sync validate", () => {
  it("exits 0 and says so when every file is clean", async () => {
    await write("trackers/a.yaml", trackerYaml("A", cleanPhrases("a")));
    expect(await validate([])).toEqual({ code: 0, out: "No problems found.\n", err: "" });
  });

  it("exits 0 with warnings only, 1 with any error", async () => {
    await write("trackers/a.yaml", trackerYaml("A", ["one phrase"]));
    const warned = await validate([]);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain("trackers/a.yaml:3:3  warning");
    await write("trackers/b.yaml", trackerYaml("B", [...cleanPhrases("b"), "why?"]));
    const failed = await validate([]);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain("trackers/b.yaml:8:8  error    Phrase 'why?' contains '?'");
    expect(failed.out).toMatch(/1 error, 1 warning\.\n$/);
  });

  it("reads paths from tracker-sync.yaml, relative to the config file", async () => {
    await write("defs/a.yaml", trackerYaml("A", [...cleanPhrases("a"), "bad!"]));
    await write("trackers/ignored.yaml", trackerYaml("Ignored", cleanPhrases("i")));
    await write("tracker-sync.yaml", "paths: [defs]\n");
    const result = await validate(["--format", "json"]);
    const report = JSON.parse(result.out);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, files: 1 });
    expect(report.findings[0]).toMatchObject({ file: "defs/a.yaml", rule: "phrase-character" });
  });

  it("--config names another config file; its rules: overrides apply", async () => {
    await write("trackers/a.yaml", trackerYaml("A", ["only one"]));
    await write("configs/strict.yaml", "paths: [../trackers]\nrules:\n  vocabulary-too-few: error\n");
    const result = await validate(["--config", "configs/strict.yaml"]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("error    Tracker 'A' has 1 phrase");
  });

  it("--path overrides the config's paths, and positional paths override both", async () => {
    await write("tracker-sync.yaml", "paths: [nowhere]\n");
    await write("one/a.yaml", trackerYaml("A", cleanPhrases("a")));
    await write("two/b.yaml", "name: B\n");
    expect((await validate(["--path", "one"])).code).toBe(0);
    const positional = await validate(["--path", "one", "two/b.yaml"]);
    expect(positional.code).toBe(1);
    expect(positional.out).toContain("two/b.yaml:1:1");
  });

  it("an unreadable path is a clear error naming it", async () => {
    const result = await validate(["missing-dir"]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("missing-dir:1:1  error    Cannot read 'missing-dir': no such file or directory; check the path.  [file-unreadable]");
  });

  it.skipIf(process.getuid?.() === 0)("a file without read permission is a clear error naming it", async () => {
    await write("trackers/locked.yaml", trackerYaml("A", cleanPhrases("a")));
    await chmod(path.join(root, "trackers/locked.yaml"), 0o000);
    const result = await validate([]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("Cannot read 'trackers/locked.yaml': permission denied");
  });

  it("a missing --config file is a usage error", async () => {
    const result = await validate(["--config", "nope.yaml"]);
    expect(result).toEqual({ code: 1, out: "", err: "Error: Cannot read the config file 'nope.yaml': no such file or directory; check the path.\n" });
  });

  it("a broken config file is reported with its location and the defaults are used", async () => {
    await write("tracker-sync.yaml", "paths: [trackers]\nprnue: true\nrules:\n  phrase-sharde: off\n");
    await write("trackers/a.yaml", trackerYaml("A", cleanPhrases("a")));
    const result = await validate([]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("tracker-sync.yaml:2:1  error    Unknown key 'prnue' in the config file. Did you mean 'prune'?  [config-schema]");
  });

  it("an unknown rule code in rules: suggests the right one", async () => {
    await write("tracker-sync.yaml", "rules:\n  phrase-sharde: off\n");
    await write("trackers/a.yaml", trackerYaml("A", cleanPhrases("a")));
    const result = await validate([]);
    expect(result.out).toContain("tracker-sync.yaml:2:3  error    Unknown rule 'phrase-sharde' in rules. Did you mean 'phrase-shared'?  [config-unknown-rule]");
  });

  it("--format github prints workflow commands", async () => {
    await write("trackers/a.yaml", trackerYaml("A", [...cleanPhrases("a"), "50% off"]));
    const result = await validate(["--format", "github"]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("::error file=trackers/a.yaml,line=8,col=7,title=phrase-character::Phrase '50%25 off' contains '%25' (U+0025)");
  });

  it("colour only on a terminal, and never with --no-color or NO_COLOR", async () => {
    await write("trackers/a.yaml", trackerYaml("A", ["only one"]));
    expect((await validate([], { isTTY: true })).out).toContain("\u001b[");
    expect((await validate([], { isTTY: false })).out).not.toContain("\u001b[");
    expect((await validate(["--no-color"], { isTTY: true })).out).not.toContain("\u001b[");
    expect((await validate([], { isTTY: true, env: { NO_COLOR: "1" } })).out).not.toContain("\u001b[");
  });

  it("rejects an unknown format and unknown flags", async () => {
    expect(await validate(["--format", "xml"])).toMatchObject({ code: 1, err: "Error: Unknown --format 'xml'. Use one of: text, json, github.\n" });
    const unknown = await validate(["--frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Run with --help");
  });

  it("--help lists the flags", async () => {
    const result = await validate(["--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--path", "--config", "--format", "--no-color"]) expect(result.out).toContain(flag);
  });

  it("never prints a stack trace, whatever the files hold", async () => {
    await write("trackers/binary.yaml", "\u0000\u0001\u0002");
    await write("trackers/bomb.yml", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nname: T\nvocabulary: *c\n");
    await write("trackers/deep.yaml", `name: T\nvocabulary: ${"[".repeat(3000)}${"]".repeat(3000)}\n`);
    await write("trackers/nested/tab.yaml", "name: T\nvocabulary:\n\t- a\n");
    await write("trackers/notes.txt", "not read: wrong extension in a directory");
    const result = await validate([]);
    expect(result.code).toBe(1);
    expect(result.err).toBe("");
    expect(result.out).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(result.out).toContain("trackers/binary.yaml:1:1  error");
    expect(result.out).toContain("[yaml-alias-limit]");
    expect(result.out).toContain("[yaml-too-deep]");
    expect(result.out).toContain("trackers/nested/tab.yaml:3:1");
    expect(result.out).not.toContain("notes.txt");
  });

  it("the shipped trackers/ and tracker-sync.yaml validate clean", async () => {
    const io = createCapturedIo({ cwd: path.resolve(import.meta.dirname, "../..") });
    expect(await runCli(["validate"], io)).toBe(0);
    expect(io.stdoutText).toBe("No problems found.\n");
  });
});
