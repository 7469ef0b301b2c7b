import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { loadProject } from "../../src/load/load-project.js";
import { DEFAULT_CONFIG } from "../../src/model/config.js";
import { normalizeAnyPhrase, normalizePhrase } from "../../src/validate/normalize-phrase.js";
import { cleanPhrases, trackerYaml } from "./helpers.js";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tracker-sync-load-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(relative: string, content: string): Promise<void> {
  const full = path.join(root, relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
}

describe("loadProject", () => {
  it("uses the defaults without a config file and loads trackers/ recursively, sorted", async () => {
    await write("trackers/b.yaml", trackerYaml("B", cleanPhrases("b")));
    await write("trackers/sub/a.yml", trackerYaml("A", cleanPhrases("a")));
    await write("trackers/.hidden/c.yaml", "not: read\n");
    await write("trackers/readme.md", "not read");
    const project = await loadProject({ cwd: root });
    expect(project.configFile).toBeUndefined();
    expect(project.config).toEqual(DEFAULT_CONFIG);
    expect(project.files).toEqual(["trackers/b.yaml", "trackers/sub/a.yml"]);
    expect(project.trackers.map((tracker) => tracker.name)).toEqual(["B", "A"]);
    expect(project).toMatchObject({ findings: [], errorCount: 0 });
  });

  it("fills config defaults, counts errors after overrides, and includes retired trackers", async () => {
    await write("tracker-sync.yaml", "prune: true\nownership:\n  prefix: cc-\nguards:\n  maxDeletes: 3\nrules:\n  vocabulary-too-few: error\n");
    await write("trackers/a.yaml", trackerYaml("cc-A", ["one"]));
    await write("trackers/b.yaml", "name: cc-Old\nretired: true\n");
    const project = await loadProject({ cwd: root });
    expect(project.configFile).toBe("tracker-sync.yaml");
    expect(project.config).toMatchObject({ prune: true, ownership: { prefix: "cc-" }, guards: { maxDeletes: 3, maxDeletePercent: 25, allowEmpty: false }, paths: ["trackers"] });
    expect(project.trackers.map((tracker) => [tracker.name, tracker.retired])).toEqual([
      ["cc-A", false],
      ["cc-Old", true],
    ]);
    expect(project.findings.map((finding) => [finding.rule, finding.severity])).toEqual([["vocabulary-too-few", "error"]]);
    expect(project.errorCount).toBe(1);
  });

  it("sorts config findings and file findings together", async () => {
    await write("tracker-sync.yaml", "paths: [trackers, missing]\nrules: {nope: off}\n");
    await write("trackers/a.yaml", "name: A\n");
    const project = await loadProject({ cwd: root });
    expect(project.findings.map((finding) => `${finding.file}:${finding.rule}`)).toEqual(["missing:file-unreadable", "tracker-sync.yaml:config-unknown-rule", "trackers/a.yaml:schema"]);
    expect(project.errorCount).toBe(3);
  });
});

describe("parseConfig", () => {
  it("an empty config file means the defaults", () => {
    expect(parseConfig("c.yaml", "# nothing\n")).toEqual({ config: DEFAULT_CONFIG, findings: [] });
  });

  it("wrong types are located", () => {
    const { findings } = parseConfig("c.yaml", "guards:\n  maxDeletes: lots\n");
    expect(findings).toMatchObject([{ rule: "config-schema", line: 2, column: 15, pointer: "/guards/maxDeletes", message: "'guards.maxDeletes' must be an integer, not a string." }]);
  });

  it("a bad severity is located", () => {
    const { findings } = parseConfig("c.yaml", "rules:\n  phrase-shared: loud\n");
    expect(findings).toMatchObject([{ rule: "config-schema", line: 2, column: 18 }]);
    expect(findings[0]!.message).toContain('"error", "warning", "off"');
  });

  it("YAML errors in the config are config-syntax findings", () => {
    expect(parseConfig("c.yaml", "paths: [a\n").findings[0]).toMatchObject({ rule: "config-syntax", file: "c.yaml" });
  });
});

describe("normalizePhrase", () => {
  it("folds case, whitespace and punctuation", () => {
    expect(normalizePhrase("  Can't   LOG-in. ")).toBe("cant log in");
    expect(normalizePhrase("Crème Brûlée")).toBe("crème brûlée");
    expect(normalizePhrase("it’s")).toBe("its");
    expect(normalizePhrase("plain words")).toBe("plain words");
    expect(normalizePhrase("?!")).toBe("");
  });

  it("its fast paths give what the general form gives (property)", () => {
    const printable = fc.string({ unit: fc.constantFrom(..." 'Aa`-.,?!09zZ_\"~", "x", "Q"), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(printable, fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 8 })), (phrase) => normalizePhrase(phrase) === normalizeAnyPhrase(phrase)),
      { numRuns: 3000 },
    );
    for (let code = 0x20; code <= 0x7e; code++) {
      const text = `A${String.fromCharCode(code)}b ${String.fromCharCode(code)}`;
      expect(normalizePhrase(text), text).toBe(normalizeAnyPhrase(text));
    }
  });
});

describe("shipped examples", () => {
  it("every file in trackers/ starts with the yaml-language-server schema line", async () => {
    const directory = path.resolve(import.meta.dirname, "../../trackers");
    const names = (await readdir(directory)).filter((name) => name.endsWith(".yaml"));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const text = await readFile(path.join(directory, name), "utf8");
      expect(text.startsWith("# yaml-language-server: $schema=../schemas/tracker.schema.json\n"), name).toBe(true);
    }
  });

  it("each shipped shouldMatch example contains one of its phrases, and no shouldNotMatch example does", async () => {
    const project = await loadProject({ cwd: path.resolve(import.meta.dirname, "../..") });
    expect(project.trackers.map((tracker) => tracker.name)).toEqual(expect.arrayContaining(["Promotion Mention", "COVID-19", "Voice Message"]));
    for (const tracker of project.trackers) {
      const phrases = tracker.vocabulary.map(normalizePhrase);
      const contains = (utterance: string) => phrases.some((phrase) => ` ${normalizePhrase(utterance)} `.includes(` ${phrase} `));
      expect(tracker.tests?.shouldMatch.length, tracker.name).toBeGreaterThan(0);
      for (const example of tracker.tests!.shouldMatch) expect(contains(example), `${tracker.name}: ${example}`).toBe(true);
      for (const example of tracker.tests!.shouldNotMatch) expect(contains(example), `${tracker.name}: ${example}`).toBe(false);
    }
  });
});
