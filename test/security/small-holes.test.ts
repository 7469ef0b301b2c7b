import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { describeExposure, readOptions } from "../../src/cli/commands/emulator.js";
import { runCli } from "../../src/cli/main.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../../src/emulator/defaults.js";
import { startEmulator } from "../../src/emulator/start-emulator.js";
import { createIdGeneratorState } from "../../src/emulator/id-generator.js";
import { saveStateFile } from "../../src/emulator/state-file.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { validateFiles } from "../../src/validate/validate-files.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { answerToken, startLoopbackServer } from "./loopback-server.js";
import { definitionOf, FIVE_PHRASES, hostileYaml, liveOf, testConfig } from "./security-fixtures.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tracker-sync-small-holes-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a DELETE answered 404 is verified by name too", () => {
  it("a retired tracker that is live under another id is not verified", async () => {
    // The account: "Old survey" was deleted and recreated (id 9) after the plan saw it as id 1.
    const server = await startLoopbackServer((request, response) => {
      if (answerToken(request, response)) return;
      if (request.method === "DELETE") {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: "Tracker not found" }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ trackers: [{ id: "9", name: "Old survey", vocabulary: ["survey"] }] }));
    });
    try {
      const plan = buildPlan({ desired: [definitionOf("Old survey", [], { retired: true })], live: [liveOf("1", "Old survey", ["survey"])], config: testConfig() });
      expect(plan.operations).toEqual([{ op: "delete", id: "1", name: "Old survey" }]);
      const api = createTrackersApi({ env: { SYMBL_APP_ID: "id", SYMBL_APP_SECRET: "secret-value", SYMBL_API_URL: server.url } });
      const result = await applyPlan(plan, api);
      expect(result.verified).toBe(false);
      expect(result.outcomes[0]).toMatchObject({ status: "failed", reason: expect.stringContaining("still in the account under id 9") });
    } finally {
      await server.close();
    }
  });
});

describe("names that look like tracker-sync's own are rejected by validate", () => {
  for (const name of ["Refunds tracker-sync tmp 0badcafe", "Refunds tracker-sync tmp 0badcafe 2", "x TRACKER-SYNC tmp", "tracker-sync.lock", "Tracker-Sync.Lock"]) {
    it(`'${name}' is name-reserved`, () => {
      const { findings } = validateFiles([{ path: "trackers/x.yaml", content: hostileYaml(JSON.stringify(name)) }], testConfig());
      expect(findings.find((finding) => finding.rule === "name-reserved")?.severity).toBe("error");
    });
  }
});

describe("the emulator's admin routes refuse requests from web pages", () => {
  const browserRequests: Array<[string, Record<string, string>, string]> = [
    ["a cross-origin form POST", { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }, "a=1"],
    ["a no-cors text/plain POST", { "content-type": "text/plain" }, "{}"],
    ["a request marked cross-site", { "sec-fetch-site": "cross-site", "content-type": "application/json" }, "{}"],
    ["a same-site page", { "sec-fetch-site": "same-site" }, ""],
  ];
  for (const [label, headers, body] of browserRequests) {
    it(`${label} cannot reset the account`, async () => {
      const emulator = await startEmulator({ port: 0, initialTrackers: [{ name: "Refunds", vocabulary: FIVE_PHRASES }] });
      try {
        const response = await fetch(`${emulator.url}/__emulator/reset`, { method: "POST", headers, ...(body ? { body } : {}) });
        expect(response.status).toBe(403);
        expect(((await response.json()) as { message: string }).message).toContain("refuses requests from web pages");
        expect(emulator.trackers().map((tracker) => tracker.name)).toEqual(["Refunds"]);
      } finally {
        await emulator.close();
      }
    });
  }

  it("scripts (JSON or no body, no Origin) still work", async () => {
    const emulator = await startEmulator({ port: 0, initialTrackers: [{ name: "Refunds", vocabulary: FIVE_PHRASES }] });
    try {
      expect((await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(200);
      expect((await fetch(`${emulator.url}/__emulator/reset`, { method: "POST" })).status).toBe(200);
      expect(emulator.trackers()).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});

describe("emulator exposure", () => {
  it("warns about a --host other than loopback, and about a secret on argv", () => {
    expect(describeExposure({ host: "0.0.0.0" }, readOptions({ host: "0.0.0.0" }, dir))).toEqual([expect.stringContaining("--host 0.0.0.0 is not a loopback address")]);
    expect(describeExposure({ host: "::" }, readOptions({ host: "::" }, dir))).toHaveLength(1);
    for (const host of ["127.0.0.1", "localhost", "::1"]) expect(describeExposure({ host }, readOptions({ host }, dir))).toEqual([]);
    const flags = { appId: "id", appSecret: "argv-secret" };
    expect(describeExposure(flags, readOptions(flags, dir))).toEqual([expect.stringContaining("TRACKER_SYNC_EMULATOR_APP_SECRET")]);
  });

  it("takes the app secret from the environment and the emulator accepts it", async () => {
    const options = readOptions({ port: "0" }, dir, { TRACKER_SYNC_EMULATOR_APP_ID: "env-app", TRACKER_SYNC_EMULATOR_APP_SECRET: "env-secret-value" });
    expect(options).toMatchObject({ appId: "env-app", appSecret: "env-secret-value" });
    expect(describeExposure({ port: "0" }, options)).toEqual([]);
    const emulator = await startEmulator(options);
    try {
      const accepted = createTrackersApi({ env: { SYMBL_APP_ID: "env-app", SYMBL_APP_SECRET: "env-secret-value", SYMBL_API_URL: emulator.url } });
      expect(await accepted.listTrackers()).toEqual([]);
      const refused = createTrackersApi({ env: { SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET, SYMBL_API_URL: emulator.url } });
      await expect(refused.listTrackers()).rejects.toThrow(/rejected SYMBL_APP_ID\/SYMBL_APP_SECRET/);
    } finally {
      await emulator.close();
    }
  });
});

describe("the emulator's data file", () => {
  it("is never written through a file planted at a guessable temporary name", async () => {
    const victim = path.join(dir, "victim.txt");
    await writeFile(victim, "precious\n");
    const dataFile = path.join(dir, "state.json");
    // The names the emulator used to pick: pid and a counter.
    for (let counter = 1; counter <= 50; counter++) await symlink(victim, path.join(dir, `.state.json.${process.pid}.${counter}.tmp`));
    await saveStateFile(dataFile, { trackers: [{ id: "1", name: "Refunds", vocabulary: ["refund"] }], idGenerator: createIdGeneratorState(1) });
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    expect(JSON.parse(await readFile(dataFile, "utf8")).trackers).toHaveLength(1);
    expect((await lstat(dataFile)).isFile()).toBe(true);
    const leftovers = (await readdir(dir)).filter((name) => name.endsWith(".tmp") && !name.includes(`.${process.pid}.`));
    expect(leftovers).toEqual([]);
  });
});

describe("export --force never writes through a symlink", () => {
  it("refuses, names the link, and leaves its target untouched", async () => {
    const emulator = await startEmulator({ port: 0, initialTrackers: [{ name: "Refunds", vocabulary: FIVE_PHRASES }] });
    try {
      const victim = path.join(dir, "victim.txt");
      await writeFile(victim, "precious\n");
      await mkdir(path.join(dir, "trackers"));
      await symlink(victim, path.join(dir, "trackers", "refunds.yaml"));
      const io = createCapturedIo({ cwd: dir, env: { SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET, SYMBL_API_URL: emulator.url } });
      expect(await runCli(["export", "--force"], io)).toBe(1);
      expect(io.stderrText).toContain("trackers/refunds.yaml is a symbolic link");
      expect(await readFile(victim, "utf8")).toBe("precious\n");
    } finally {
      await emulator.close();
    }
  });
});
