import fc from "fast-check";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/main.js";
import type { TrackersApi } from "../../src/client/trackers-api.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import type { Finding } from "../../src/model/finding.js";
import { loadProject } from "../../src/load/load-project.js";
import { applyProject } from "../../src/pipeline/apply-project.js";
import { planProject } from "../../src/pipeline/plan-project.js";
import { createCapturedIo } from "../helpers/cli-io.js";

const VALID_TRACKER = 'name: "Billing Issue"\nvocabulary:\n  - "charged twice"\n  - "wrong invoice"\n  - "billing error"\n  - "refund my money"\n  - "overcharged"\n';

/** Whole-document shapes that are hostile on their own. */
const hostileDocument: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constant(VALID_TRACKER),
  // Wrong types and unexpected structure, serialised as real YAML.
  fc
    .record(
      {
        name: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()), fc.boolean(), fc.constant("")),
        vocabulary: fc.oneof(fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())), { maxLength: 60 }), fc.string(), fc.dictionary(fc.string(), fc.string())),
        previousNames: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.integer()),
        retired: fc.oneof(fc.boolean(), fc.string()),
        tests: fc.jsonValue({ maxDepth: 3 }),
        extra: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => stringify(value)),
  fc.jsonValue({ maxDepth: 5 }).map((value) => stringify(value)),
  fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value)),
  // Deep nesting, in flow and block style.
  fc.integer({ min: 1, max: 3_000 }).map((depth) => `name: x\nvocabulary: ${"[".repeat(depth)}${"]".repeat(depth)}\n`),
  fc.integer({ min: 1, max: 400 }).map((depth) => `${Array.from({ length: depth }, (_, index) => `${"  ".repeat(index)}k${index}:`).join("\n")} end\n`),
  // Alias bombs (billion laughs) and alias cycles.
  fc.integer({ min: 2, max: 12 }).map((levels) => {
    const lines = ['a0: &a0 ["lol"]'];
    for (let level = 1; level < levels; level++) lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(", ")}]`);
    return `${lines.join("\n")}\nname: bomb\nvocabulary: *a${levels - 1}\n`;
  }),
  fc.constant("name: &x loop\nvocabulary: *y\n"),
  // Huge values.
  fc.integer({ min: 1_000, max: 300_000 }).map((length) => `name: "${"n".repeat(length)}"\nvocabulary:\n  - "${"word ".repeat(length / 5)}"\n`),
  fc.constant(`name: big\nvocabulary:\n${Array.from({ length: 5_000 }, (_, index) => `  - "phrase ${index}"`).join("\n")}\n`),
  fc.constant("name: 1e400\nvocabulary: [0x7fffffffffffffffffff, -.inf, .nan]\n"),
  // Multi-document files, stray separators, directives, tags.
  fc
    .array(fc.constantFrom("---\n", "...\n", VALID_TRACKER, "%YAML 1.2\n", "!!binary aGVsbG8=\n", "name: !custom x\n", "? [a]\n: b\n", "<<: *nothing\n", "\t- tab\n"), { maxLength: 6 })
    .map((parts) => parts.join("")),
  // Raw bytes: invalid UTF-8, NUL, random binary.
  fc.uint8Array({ maxLength: 200 }),
);

type Mutation = (text: string | Uint8Array) => string | Uint8Array;

const toBytes = (value: string | Uint8Array) => (typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value));

/** Byte-level damage applied on top of a document. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>((value) => value),
  fc.constant<Mutation>((value) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), toBytes(value)])),
  fc.constant<Mutation>((value) => toBytes(value).toString("utf8").replace(/\n/g, "\r\n")),
  fc.constant<Mutation>((value) => toBytes(value).toString("utf8").replace(/\n/g, "\r")),
  fc.constant<Mutation>((value) => {
    let count = 0;
    return toBytes(value)
      .toString("utf8")
      .replace(/\n/g, (match) => (count++ % 2 === 0 ? "\r\n" : match));
  }),
  fc.constant<Mutation>((value) => toBytes(value).toString("utf8").replace(/\n/g, "\u2028")),
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(
    ([at, length]): Mutation =>
      (value) => {
        const bytes = toBytes(value);
        const cut = bytes.length === 0 ? 0 : at % bytes.length;
        return Buffer.concat([bytes.subarray(0, cut), bytes.subarray(Math.min(bytes.length, cut + length))]);
      },
  ),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(
    ([at, inserted]): Mutation =>
      (value) => {
        const bytes = toBytes(value);
        const cut = bytes.length === 0 ? 0 : at % bytes.length;
        return Buffer.concat([bytes.subarray(0, cut), Buffer.from(inserted), bytes.subarray(cut)]);
      },
  ),
  fc.tuple(fc.nat(), fc.constantFrom("\u0000", "\u0007", "\u001b[31m", "\u202e", "\ufeff", "\ud800", "\u0085", "\t", "\f", "\v", "'", '"', ":", "- ", "&a ", "*a ", "{", "[")).map(
    ([at, inserted]): Mutation =>
      (value) => {
        const text = toBytes(value).toString("utf8");
        const cut = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, cut) + inserted + text.slice(cut);
      },
  ),
  fc.nat().map(
    (at): Mutation =>
      (value) => {
        const bytes = toBytes(value);
        return bytes.subarray(0, bytes.length === 0 ? 0 : at % bytes.length);
      },
  ),
);

const hostileFile = fc.tuple(hostileDocument, mutation).map(([document, damage]) => damage(document));

const hostileConfig: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant("paths: [trackers]\n"),
  fc
    .record(
      {
        paths: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.string(), fc.integer()),
        prune: fc.oneof(fc.boolean(), fc.string()),
        ownership: fc.oneof(fc.record({ prefix: fc.oneof(fc.string(), fc.integer()) }), fc.string()),
        guards: fc.jsonValue({ maxDepth: 2 }),
        lint: fc.jsonValue({ maxDepth: 2 }),
        rules: fc.oneof(fc.dictionary(fc.string(), fc.constantFrom("error", "warning", "off", "loud")), fc.string()),
        apiUrl: fc.oneof(fc.string(), fc.webUrl()),
      },
      { requiredKeys: [] },
    )
    .map((value) => stringify(value)),
  fc.tuple(hostileDocument, mutation).map(([document, damage]) => damage(document)),
);

export interface HostileProject {
  files: Array<string | Uint8Array>;
  config: string | Uint8Array | undefined;
}

export const hostileProject: fc.Arbitrary<HostileProject> = fc.record({ files: fc.array(hostileFile, { minLength: 1, maxLength: 3 }), config: hostileConfig });

const STACK_LINE = /^\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/m;

/** Problems with one finding, or an empty list. */
export function checkFinding(finding: Finding): string[] {
  const problems: string[] = [];
  if (typeof finding.file !== "string" || finding.file.length === 0) problems.push(`finding without a file: ${JSON.stringify(finding)}`);
  if (!Number.isInteger(finding.line) || finding.line < 1) problems.push(`finding without a line >= 1: ${JSON.stringify(finding)}`);
  if (!Number.isInteger(finding.column) || finding.column < 1) problems.push(`finding without a column >= 1: ${JSON.stringify(finding)}`);
  if (typeof finding.message !== "string" || finding.message.trim().length === 0) problems.push(`finding without a message: ${JSON.stringify(finding)}`);
  else if (STACK_LINE.test(finding.message)) problems.push(`finding message holds a stack trace: ${finding.message}`);
  return problems;
}

export function hasStackTrace(text: string): boolean {
  return STACK_LINE.test(text);
}

export async function writeHostileProject(dir: string, project: HostileProject): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "trackers"), { recursive: true });
  if (project.config !== undefined) await writeFile(join(dir, "tracker-sync.yaml"), project.config);
  await Promise.all(project.files.map((content, index) => writeFile(join(dir, "trackers", `f${index}.yaml`), content)));
}

/** An API that records every call; validation failures must never reach it. */
export function createRecordingApi(): TrackersApi & { calls: string[] } {
  const calls: string[] = [];
  const record = (name: string) => {
    calls.push(name);
    return Promise.reject(new Error(`The fuzz API must not be called (${name}).`));
  };
  return {
    calls,
    listTrackers: () => record("listTrackers"),
    findTrackersByName: () => record("findTrackersByName"),
    getTracker: () => record("getTracker"),
    createTracker: () => record("createTracker"),
    createTrackers: () => record("createTrackers"),
    updateTracker: () => record("updateTracker"),
    deleteTracker: () => record("deleteTracker"),
  };
}

/**
 * One fuzz case: load and validate, then (when validation failed) plan and apply against the emulator,
 * then the validate CLI in text and json. Returns the problems found; an empty list is a pass.
 */
export async function checkHostileProject(dir: string, project: HostileProject, emulator: RunningEmulator, options: { cli: boolean }): Promise<string[]> {
  await writeHostileProject(dir, project);
  const problems: string[] = [];
  // A process warning goes straight to the user's stderr as "(node:PID) Warning: ...", outside any finding.
  const onWarning = (warning: Error) => problems.push(`a process warning was printed: ${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  try {
    await checkProject(dir, emulator, options, problems);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", onWarning);
  }
  return problems;
}

async function checkProject(dir: string, emulator: RunningEmulator, options: { cli: boolean }, problems: string[]): Promise<void> {
  let errorCount = 0;
  try {
    const load = await loadProject({ cwd: dir });
    errorCount = load.errorCount;
    for (const finding of load.findings) problems.push(...checkFinding(finding));
  } catch (error) {
    problems.push(`loadProject threw: ${(error as Error).stack ?? String(error)}`);
    return;
  }

  if (errorCount > 0) {
    const requestsBefore = countRequests(emulator);
    const api = createTrackersApi({ env: { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET } });
    try {
      const planned = await planProject({ cwd: dir, api });
      if (planned.plan) problems.push("planProject produced a plan although validation failed");
      const applied = await applyProject({ cwd: dir, api, confirm: async () => true });
      if (applied.result) problems.push("applyProject applied although validation failed");
    } catch (error) {
      problems.push(`plan/apply threw: ${(error as Error).stack ?? String(error)}`);
    }
    // Stronger than "no writes": plan and apply stop before even listing the account.
    const requests = countRequests(emulator) - requestsBefore;
    if (requests > 0) problems.push(`${requests} API request(s) reached the emulator although validation failed`);
  }

  if (options.cli) {
    for (const format of ["text", "json"]) {
      const io = createCapturedIo({ cwd: dir });
      let code: number;
      try {
        code = await runCli(["validate", "--format", format], io);
      } catch (error) {
        problems.push(`validate --format ${format} threw: ${(error as Error).stack ?? String(error)}`);
        continue;
      }
      if (code !== (errorCount > 0 ? 1 : 0)) problems.push(`validate --format ${format} exited ${code} with ${errorCount} error(s)`);
      if (hasStackTrace(io.stdoutText) || hasStackTrace(io.stderrText)) problems.push(`validate --format ${format} printed a stack trace:\n${io.stderrText}${io.stdoutText}`);
      if (format === "json") {
        try {
          JSON.parse(io.stdoutText);
        } catch {
          problems.push(`validate --format json printed something that is not JSON: ${io.stdoutText.slice(0, 200)}`);
        }
      }
    }
  }
}

function countRequests(emulator: RunningEmulator): number {
  return emulator.requests().length;
}
