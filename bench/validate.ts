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
// BENCH_RUNS shrinks the run for a quick check on a shared machine; the figures are meant at the default.
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

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
      phrases.add(`${Array.from({ length: words }, () => makeWord(random)).join(" ")} t${index}`);
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

interface Account {
  trackers: number;
  directory: string;
  files: string[];
  findings: number;
}

async function createAccount(trackers: number): Promise<Account> {
  const directory = await mkdtemp(path.join(tmpdir(), "tracker-sync-bench-"));
  const files = await generateAccount(directory, trackers);
  const project = await loadProject({ cwd: directory, paths: [directory] });
  return { trackers, directory, files, findings: project.findings.length };
}

/**
 * Times the four runs (bare and validate, 1x and 4x) in alternation and keeps each one's fastest: the
 * machine is shared, and alternation exposes all four to the same disturbances, so the ratios hold.
 */
async function measureAll(accounts: Account[]): Promise<Array<{ bare: number; validate: number }>> {
  const best = accounts.map(() => ({ bare: Infinity, validate: Infinity }));
  for (let run = 0; run <= RUNS; run++) {
    for (const [index, account] of accounts.entries()) {
      const bare = await timeOnce(() => runBareParse(account.files));
      const validate = await timeOnce(() => runValidate(account.directory));
      // The first round only warms up the JIT.
      if (run === 0) continue;
      best[index] = { bare: Math.min(best[index]!.bare, bare), validate: Math.min(best[index]!.validate, validate) };
    }
  }
  return best;
}

const accounts = [await createAccount(500), await createAccount(2000)];
try {
  const [small, large] = await measureAll(accounts);
  for (const [index, account] of accounts.entries()) {
    const times = index === 0 ? small! : large!;
    console.log(
      `account ${index === 0 ? "1x" : "4x"}: ${account.trackers} trackers x ${PHRASES_PER_TRACKER} phrases: validate ${times.validate.toFixed(0)} ms, bare parse+ajv ${times.bare.toFixed(0)} ms, ${account.findings} findings`,
    );
  }
  console.log(`validate-vs-bare-parse: ${(small!.validate / small!.bare).toFixed(2)} (target <= 1.5)`);
  console.log(`validate-vs-bare-parse-4x: ${(large!.validate / large!.bare).toFixed(2)} (target <= 1.5)`);
  console.log(`bare-parse-4x-vs-1x: ${(large!.bare / small!.bare).toFixed(2)} (for comparison: how the parser alone scales here)`);
  console.log(`validate-4x-vs-1x: ${(large!.validate / small!.validate).toFixed(2)} (target <= 4.4)`);
  // Ratio of ratios: how validate scales relative to the parser+ajv alone on the same files in the same run,
  // so a slow or noisy machine (which stretches both) does not decide the figure.
  console.log(`validate-scaling-vs-parser: ${(large!.validate / small!.validate / (large!.bare / small!.bare)).toFixed(2)} (target <= 1.1)`);
} finally {
  for (const account of accounts) await rm(account.directory, { recursive: true, force: true });
}
