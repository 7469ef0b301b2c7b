/**
 * `npm run bench`: every benchmark figure in one run, one line each, `<name>: <number> (target <= <number>)`.
 * Runs bench/cli.ts, bench/validate.ts, bench/apply.ts and bench/preview.ts as child processes (their own output goes to
 * stderr with a prefix), keeps their target lines, and measures the 500-tracker plan itself. Exits 1 when a
 * figure misses its target or a script fails, so CI can run it; the lines stay comparable over time.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createTrackersApi } from "../src/client/create-trackers-api.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../src/emulator/defaults.js";
import { startEmulator } from "../src/emulator/start-emulator.js";
import { loadProject } from "../src/load/load-project.js";
import { buildPlan } from "../src/plan/build-plan.js";
import { planProject } from "../src/pipeline/plan-project.js";

const REPO_ROOT = new URL("../", import.meta.url).pathname;
const FIGURE = /^([a-z0-9-]+): (-?[\d.]+) \(target (<=|>=) (-?[\d.]+)\)\s*$/;

interface Figure {
  name: string;
  value: number;
  comparison: "<=" | ">=";
  target: number;
  /** The line as printed (the source script's own number formatting is kept). */
  line: string;
}

function runScript(script: string, nodeArgs: string[]): Promise<{ code: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", join(REPO_ROOT, script)], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = stdout.split("\n").filter((line) => line.trim() !== "");
      for (const line of lines) process.stderr.write(`[${script}] ${line}\n`);
      resolve({ code: code ?? 1, lines });
    });
  });
}

function readFigures(lines: readonly string[]): Figure[] {
  return lines.flatMap((line) => {
    const match = FIGURE.exec(line);
    return match ? [{ name: match[1] as string, value: Number(match[2]), comparison: match[3] as "<=" | ">=", target: Number(match[4]), line: line.trim() }] : [];
  });
}

const TRACKERS = 500;
const PHRASES = 20;

/** A full account: 500 live trackers, 500 definitions, a tenth of them changed, so the plan has work to do. */
async function measurePlan500(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), "bench-plan-"));
  const names = Array.from({ length: TRACKERS }, (_, index) => `Topic ${String(index).padStart(3, "0")}`);
  const vocabulary = (index: number) => Array.from({ length: PHRASES }, (_, phrase) => `topic ${index} phrase ${phrase}`);
  const emulator = await startEmulator({ port: 0, initialTrackers: names.map((name, index) => ({ name, vocabulary: vocabulary(index) })) });
  try {
    await mkdir(join(dir, "trackers"));
    // Each changed tracker swaps one phrase. Under putBehavior append (the default since the generation-2 merge)
    // a removed phrase is planned as a recreate; this figure has always measured 50 in-place updates.
    await writeFile(join(dir, "tracker-sync.yaml"), "putBehavior: replace\n");
    await Promise.all(
      names.map((name, index) => {
        const phrases = index % 10 === 0 ? [...vocabulary(index).slice(1), `topic ${index} new phrase`] : vocabulary(index);
        return writeFile(join(dir, "trackers", `t${index}.yaml`), `name: "${name}"\nvocabulary:\n${phrases.map((phrase) => `  - "${phrase}"`).join("\n")}\n`);
      }),
    );
    const api = createTrackersApi({ env: { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET } });
    await planProject({ cwd: dir, api }); // warm-up: JIT, token, file cache
    const endToEnd: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const { plan } = await planProject({ cwd: dir, api });
      endToEnd.push(performance.now() - started);
      if (!plan || plan.summary.update !== TRACKERS / 10) throw new Error(`The 500-tracker bench plan is wrong: ${JSON.stringify(plan?.summary)}`);
    }
    const load = await loadProject({ cwd: dir });
    const live = emulator.trackers();
    const pure: number[] = [];
    for (let run = 0; run < 20; run++) {
      const started = performance.now();
      buildPlan({ desired: load.trackers, live, config: load.config });
      pure.push(performance.now() - started);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    return [
      // End to end (read and validate 500 files, list the account, plan): an interactive command should answer
      // within a second; against Symbl the list call's network time comes on top and dominates.
      { name: "plan-500-ms", value: Math.round(median(endToEnd)), comparison: "<=", target: 1000, line: `plan-500-ms: ${Math.round(median(endToEnd))} (target <= 1000)` },
      // The pure planner alone must be a small share of that budget.
      { name: "build-plan-500-ms", value: Number(median(pure).toFixed(1)), comparison: "<=", target: 100, line: `build-plan-500-ms: ${median(pure).toFixed(1)} (target <= 100)` },
    ];
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const figures: Figure[] = [];
let failedScripts = 0;
for (const [script, nodeArgs] of [
  ["bench/cli.ts", []],
  ["bench/validate.ts", []],
  ["bench/apply.ts", []],
  ["bench/preview.ts", ["--expose-gc"]],
  ["bench/strip-html.ts", []],
] as const) {
  const { code, lines } = await runScript(script, [...nodeArgs]);
  if (code !== 0) {
    failedScripts++;
    console.error(`${script} exited ${code}; its figures are missing below.`);
  }
  figures.push(...readFigures(lines));
}
figures.push(...(await measurePlan500()));

let missed = 0;
for (const figure of figures) {
  console.log(figure.line);
  const met = figure.comparison === "<=" ? figure.value <= figure.target : figure.value >= figure.target;
  if (!met) missed++;
}
if (missed > 0 || failedScripts > 0) {
  console.error(`${missed} figure(s) missed their target; ${failedScripts} bench script(s) failed.`);
  process.exitCode = 1;
}
