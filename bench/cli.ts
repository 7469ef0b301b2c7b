/**
 * The built CLI as a user runs it, one process per run (`npm run bench:cli`; also part of `npm run bench`):
 *
 * - validate-startup-speedup: `validate` of one file with today's dist/cli.js against the CLI built from
 *   BASELINE_COMMIT (before the phrase matcher was loaded lazily). The baseline is rebuilt from git on every run
 *   (`git archive` of its src/ and build.mjs into a temp dir, built with this checkout's node_modules), so
 *   the comparison is reproducible and measured on the same machine in the same minute. Set
 *   BENCH_BASELINE_COMMIT to compare against another commit.
 * - validate-vs-ajv-cli: `validate` of a 500-tracker x 50-phrase account (all rules, line numbers) against
 *   ajv-cli checking only the JSON Schema of the same files.
 *
 * Runs alternate between the two sides and the median of each side is compared, so machine load hits both.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const REPO_ROOT = new URL("../", import.meta.url).pathname;
/** The last commit before the matcher was loaded lazily ("CLI: one colour rule, ..."). */
const BASELINE_COMMIT = process.env.BENCH_BASELINE_COMMIT ?? "33f09b8";
const STARTUP_RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ACCOUNT_RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TRACKERS = 500;
const PHRASES = 50;

function buildCurrent(): string {
  execFileSync(process.execPath, ["build.mjs", "cli"], { cwd: REPO_ROOT, stdio: "inherit" });
  return join(REPO_ROOT, "dist", "cli.js");
}

function buildBaseline(dir: string): string {
  const archive = execFileSync("git", ["archive", "--format=tar", BASELINE_COMMIT, "src", "build.mjs", "package.json", "schemas"], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  execFileSync(process.execPath, ["build.mjs", "cli"], { cwd: dir, stdio: "inherit" });
  return join(dir, "dist", "cli.js");
}

function timeProcess(args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr || result.stdout}`);
  return elapsed;
}

/** Alternates the two commands `runs` times after one warm-up each; returns each one's median in ms. */
function compare(runs: number, first: () => number, second: () => number): [number, number] {
  first();
  second();
  const a: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < runs; run++) {
    a.push(first());
    b.push(second());
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
  return [median(a), median(b)];
}

function writeAccount(dir: string): void {
  for (let index = 0; index < TRACKERS; index++) {
    const phrases = Array.from({ length: PHRASES }, (_, phrase) => `  - topic${index} word${phrase} ${["refund", "billing", "cancel", "upgrade", "invoice"][phrase % 5]}`);
    writeFileSync(
      join(dir, `tracker-${String(index).padStart(3, "0")}.yaml`),
      ["# yaml-language-server: $schema=../schemas/tracker.schema.json", `name: Topic ${index}`, `description: Generated tracker ${index}.`, "vocabulary:", ...phrases, ""].join("\n"),
    );
  }
}

const scratch = mkdtempSync(join(tmpdir(), "bench-cli-"));
try {
  const current = buildCurrent();
  const baselineDir = join(scratch, "baseline");
  execFileSync("mkdir", ["-p", baselineDir]);
  const baseline = buildBaseline(baselineDir);
  const oneFile = join(REPO_ROOT, "trackers", "billing-dispute.yaml");
  const [baselineMs, currentMs] = compare(
    STARTUP_RUNS,
    () => timeProcess([baseline, "validate", "--path", oneFile], REPO_ROOT),
    () => timeProcess([current, "validate", "--path", oneFile], REPO_ROOT),
  );
  console.log(`validate one file: ${currentMs.toFixed(0)} ms now, ${baselineMs.toFixed(0)} ms with the CLI built from ${BASELINE_COMMIT} (median of ${STARTUP_RUNS})`);
  console.log(`validate-startup-speedup: ${(baselineMs / currentMs).toFixed(2)} (target >= 2)`);

  const account = join(scratch, "account");
  execFileSync("mkdir", ["-p", account]);
  writeAccount(account);
  const ajvCli = join(REPO_ROOT, "node_modules", "ajv-cli", "dist", "index.js");
  const schema = join(REPO_ROOT, "schemas", "tracker.schema.json");
  const [ajvMs, validateMs] = compare(
    ACCOUNT_RUNS,
    () => timeProcess([ajvCli, "validate", "--spec=draft2020", "-s", schema, "-d", join(account, "*.yaml")], REPO_ROOT),
    () => timeProcess([current, "validate", "--path", account], REPO_ROOT),
  );
  console.log(`${TRACKERS} trackers x ${PHRASES} phrases: tracker-sync validate ${validateMs.toFixed(0)} ms, ajv-cli (schema only) ${ajvMs.toFixed(0)} ms (median of ${ACCOUNT_RUNS})`);
  console.log(`validate-vs-ajv-cli: ${(validateMs / ajvMs).toFixed(2)} (target <= 1.0)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
