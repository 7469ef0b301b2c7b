/**
 * Apply efficiency against the emulator over real HTTP: a mixed plan of 300 creates, 100 updates and
 * 20 deletes. Prints calls made vs the minimum, wall time vs (minimum calls x emulator latency), and what a
 * one-tracker-per-request approach would send. Run with `npm run bench:apply`.
 */
import { performance } from "node:perf_hooks";
import { applyPlan } from "../src/apply/apply-plan.js";
import { createTrackersApi } from "../src/client/create-trackers-api.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../src/emulator/defaults.js";
import { startEmulator } from "../src/emulator/start-emulator.js";
import { DEFAULT_CONFIG } from "../src/model/config.js";
import { MAX_REQUEST_BYTES, measureJsonBytes } from "../src/model/limits.js";
import type { TrackerDefinition } from "../src/model/tracker.js";
import { buildPlan } from "../src/plan/build-plan.js";

const LATENCY_MS = 20;
const CREATES = 300;
const UPDATES = 100;
const DELETES = 20;

function phrases(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix} phrase ${index + 1}`);
}

function definition(name: string, vocabulary: string[], retired = false): TrackerDefinition {
  const file = "bench.yaml";
  return { name, vocabulary, previousNames: [], retired, source: { file, documentIndex: 0, name: { file, line: 1, column: 1 }, phrases: [] } };
}

const initialTrackers = [
  ...Array.from({ length: UPDATES }, (_, index) => ({ name: `Updated ${index}`, vocabulary: phrases(`old ${index}`, 10) })),
  ...Array.from({ length: DELETES }, (_, index) => ({ name: `Retired ${index}`, vocabulary: phrases(`retired ${index}`, 5) })),
];
const desired = [
  ...Array.from({ length: CREATES }, (_, index) => definition(`Created ${index}`, phrases(`new ${index}`, 10))),
  ...Array.from({ length: UPDATES }, (_, index) => definition(`Updated ${index}`, [...phrases(`old ${index}`, 8), ...phrases(`changed ${index}`, 3)])),
  ...Array.from({ length: DELETES }, (_, index) => definition(`Retired ${index}`, phrases(`retired ${index}`, 5), true)),
];

// The updates remove phrases; a replacing account keeps them PUTs (100 PUTs), which is what this bench measures.
const emulator = await startEmulator({ port: 0, latencyMs: LATENCY_MS, initialTrackers, putMode: "replace" });
try {
  const api = createTrackersApi({ env: { SYMBL_API_URL: emulator.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET } });
  const started = performance.now();
  const live = await api.listTrackers();
  const planStarted = performance.now();
  const plan = buildPlan({ desired, live, config: { ...DEFAULT_CONFIG, putBehavior: "replace", guards: { ...DEFAULT_CONFIG.guards, maxDeletes: DELETES, maxDeletePercent: 100 } } });
  if (plan.violations.length > 0) throw new Error(`bench plan refused: ${plan.violations.map((violation) => violation.message).join(" ")}`);
  const planMs = performance.now() - planStarted;
  const result = await applyPlan(plan, api);
  const wallMs = performance.now() - started;
  if (!result.verified) throw new Error("bench apply did not converge");

  const requests = emulator.requests();
  const tokenCalls = requests.filter((entry) => entry.path.startsWith("/oauth2/")).length;
  const listCalls = requests.filter((entry) => entry.method === "GET").length;
  const writeCalls = requests.length - tokenCalls - listCalls;
  const createBytes = measureJsonBytes(desired.filter((tracker) => !tracker.retired && tracker.name.startsWith("Created")).map((tracker) => ({ name: tracker.name, vocabulary: tracker.vocabulary })));
  const minimalWrites = Math.ceil(createBytes / MAX_REQUEST_BYTES) + UPDATES + DELETES;
  // Reading the account before planning and re-listing to verify are both required, as is one token.
  const minimalCalls = minimalWrites + 2 + 1;
  const onePerRequest = CREATES + UPDATES + DELETES + 2 + 1;

  console.log(`plan: ${plan.summary.create} creates, ${plan.summary.update} updates, ${plan.summary.delete} deletes; ${plan.operations.length} operations`);
  console.log(`calls made: ${requests.length} (${tokenCalls} token, ${listCalls} list, ${writeCalls} writes); minimal: ${minimalCalls} (${minimalWrites} writes)`);
  console.log(`apply-calls-vs-minimal: ${(requests.length / minimalCalls).toFixed(2)} (target <= 1.00)`);
  console.log(`apply-write-calls-vs-minimal: ${(writeCalls / minimalWrites).toFixed(2)} (target <= 1.00)`);
  console.log(`wall: ${wallMs.toFixed(0)} ms; minimal calls x latency: ${minimalCalls * LATENCY_MS} ms`);
  const serverMs = requests.reduce((sum, entry) => sum + (entry.endedAt - entry.startedAt), 0);
  console.log(
    `time inside the emulator: ${serverMs} ms (${((serverMs - requests.length * LATENCY_MS) / requests.length).toFixed(2)} ms per request beyond the latency); client and network: ${(wallMs - serverMs).toFixed(0)} ms, of which planning ${planMs.toFixed(0)} ms`,
  );
  // The client's own cost per call (building requests, parsing answers, retries' bookkeeping), apart from the
  // time inside the emulator, which is dominated by its fsync per write.
  const clientMsPerCall = (wallMs - serverMs - planMs) / requests.length;
  console.log(`apply-emulator-ms-per-call: ${(serverMs / requests.length).toFixed(2)} (informational: latency ${LATENCY_MS} ms + emulator work)`);
  console.log(`apply-client-overhead-ms-per-call: ${clientMsPerCall.toFixed(2)} (target <= 5)`);
  console.log(`apply-wall-vs-latency: ${(wallMs / (minimalCalls * LATENCY_MS)).toFixed(2)} (target <= 1.10)`);
  console.log(`one-per-request-calls: ${onePerRequest} (${CREATES + UPDATES + DELETES} writes), ${(onePerRequest / requests.length).toFixed(1)}x the calls made`);
} finally {
  await emulator.close();
}
