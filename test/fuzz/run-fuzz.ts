/**
 * `npm run fuzz`: the full fuzz run (default 10,000 hostile projects and 2,000 malformed API responses).
 *   npm run fuzz -- --runs N --api-runs N --seed S
 * A failure prints fast-check's seed and path; replay with --seed S (and the same --runs).
 */
import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../../src/emulator/start-emulator.js";
import { checkHostileProject, hostileProject } from "./hostile-files.js";
import { checkListResponse, malformedListResponse, startFakeApi } from "./malformed-api.js";

const { values } = parseArgs({ options: { runs: { type: "string" }, "api-runs": { type: "string" }, seed: { type: "string" } }, strict: true });
const runs = Number(values.runs ?? 10_000);
const apiRuns = Number(values["api-runs"] ?? 2_000);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const dir = await mkdtemp(join(tmpdir(), "fuzz-"));
const emulator = await startEmulator({ port: 0 });
const fake = await startFakeApi();
let cases = 0;
let apiCases = 0;
const started = Date.now();
try {
  console.log(`fuzz seed: ${seed}`);
  await fc.assert(
    fc.asyncProperty(hostileProject, async (project) => {
      cases++;
      if (cases % 1000 === 0) process.stderr.write(`${cases} hostile projects checked (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      const problems = await checkHostileProject(dir, project, emulator, { cli: cases % 4 === 0 });
      if (problems.length > 0) throw new Error(problems.join("\n"));
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  await fc.assert(
    fc.asyncProperty(malformedListResponse, async (response) => {
      apiCases++;
      const problems = await checkListResponse(fake, response);
      if (problems.length > 0) throw new Error(problems.join("\n"));
    }),
    { numRuns: apiRuns, seed, endOnFailure: true },
  );
  console.log(`hostile projects: ${cases} (validate CLI on every 4th), malformed API responses: ${apiCases}, failures: 0, ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error((error as Error).message);
  console.error(`fuzz failed; replay with: npm run fuzz -- --seed ${seed} --runs ${runs} --api-runs ${apiRuns}`);
  process.exitCode = 1;
} finally {
  await emulator.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}
