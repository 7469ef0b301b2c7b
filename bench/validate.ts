// Measures validate against a bare YAML parse + ajv validation of the same files (not a test: prints ratios).
// Run: npm run bench:validate
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parseAllDocuments } from "yaml";
import trackerSchema from "../schemas/tracker.schema.json" with { type: "json" };
import { loadProject } from "../src/load/load-project.js";

const PHRASES_PER_TRACKER = 50;
const RUNS = 15;

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "pel", "dri", "sun", "bax", "qui", "mor", "el", "tan", "ju", "fis", "gar", "hol"];

function makeWord(random: () => number): string {
  const count = 1 + Math.floor(random() * 3);
  let word = "";
  for (let index = 0; index < count; index++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return word;
}

async function generateAccount(directory: string, trackers: number): Promise<string[]> {
  const random = createRandom(trackers);
  const files: string[] = [];
  for (let index = 0; index < trackers; index++) {
    const phrases = new Set<string>();
    while (phrases.size < PHRASES_PER_TRACKER) {
      const words = 2 + Math.floor(random() * 4);
      phrases.add(Array.from({ length: words }, () => makeWord(random)).join(" ") + ` t${index}`);
    }
    const text = [
      "# yaml-language-server: $schema=../schemas/tracker.schema.json",
      `name: Generated Tracker ${index}`,
      `description: Tracker number ${index} of a generated account.`,
      "vocabulary:",
      ...[...phrases].map((phrase) => `  - ${phrase}`),
      "tests:",
      "  shouldMatch:",
      `    - we talked about ${[...phrases][0]} today`,
      "",
    ].join("\n");
    const file = path.join(directory, `tracker-${String(index).padStart(5, "0")}.yaml`);
    await writeFile(file, text);
    files.push(file);
  }
  return files;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validateSchema = ajv.compile(trackerSchema);

// The baseline reads all files at once (no concurrency limit), so validate gets no I/O advantage over it.
async function runBareParse(files: string[]): Promise<number> {
  let valid = 0;
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  for (const text of texts) {
    for (const document of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) {
      if (validateSchema(document.toJS())) valid++;
    }
  }
  return valid;
}

async function runValidate(directory: string): Promise<number> {
  const project = await loadProject({ cwd: directory, paths: [directory] });
  return project.trackers.length;
}

async function timeOnce(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/**
 * Runs both in alternation and keeps each one's fastest run: the machine is shared, and the minimum is the
 * figure least disturbed by other processes.
 */
async function timeBoth(bare: () => Promise<unknown>, validate: () => Promise<unknown>): Promise<{ bare: number; validate: number }> {
  await bare();
  await validate();
  let best = { bare: Infinity, validate: Infinity };
  for (let run = 0; run < RUNS; run++) {
    best = { bare: Math.min(best.bare, await timeOnce(bare)), validate: Math.min(best.validate, await timeOnce(validate)) };
  }
  return best;
}

async function measure(trackers: number): Promise<{ validate: number; bare: number; findings: number }> {
  const directory = await mkdtemp(path.join(tmpdir(), "tracker-sync-bench-"));
  try {
    const files = await generateAccount(directory, trackers);
    const project = await loadProject({ cwd: directory, paths: [directory] });
    const { bare, validate } = await timeBoth(
      () => runBareParse(files),
      () => runValidate(directory),
    );
    return { validate, bare, findings: project.findings.length };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const small = await measure(500);
const large = await measure(2000);
console.log(`account 1x: 500 trackers x ${PHRASES_PER_TRACKER} phrases: validate ${small.validate.toFixed(0)} ms, bare parse+ajv ${small.bare.toFixed(0)} ms, ${small.findings} findings`);
console.log(`account 4x: 2000 trackers x ${PHRASES_PER_TRACKER} phrases: validate ${large.validate.toFixed(0)} ms, bare parse+ajv ${large.bare.toFixed(0)} ms, ${large.findings} findings`);
console.log(`validate-vs-bare-parse: ${(small.validate / small.bare).toFixed(2)} (target <= 1.5)`);
console.log(`validate-vs-bare-parse-4x: ${(large.validate / large.bare).toFixed(2)} (target <= 1.5)`);
console.log(`validate-4x-vs-1x: ${(large.validate / small.validate).toFixed(2)} (target <= 4.4)`);
