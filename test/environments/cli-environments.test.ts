import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { PRODUCTION, RETENTION_YAML, STAGING, startTwoEnvironments, type TwoEnvironments } from "./two-environments.js";

describe("several environments from one repository (CLI, two emulators)", () => {
  let project: TwoEnvironments | undefined;
  let recorder: Server | undefined;
  afterEach(async () => {
    await project?.close();
    project = undefined;
    await new Promise<void>((resolve) => (recorder ? recorder.close(() => resolve()) : resolve()));
    recorder = undefined;
  });

  const run = async (args: string[], env?: Record<string, string>) => {
    const io = createCapturedIo({ cwd: project!.dir, env: env ?? project!.env });
    const code = await runCli(args, io);
    return { code, out: io.stdoutText, err: io.stderrText };
  };
  const changeNames = (plan: { changes: Array<{ name: string }> }) => plan.changes.map((change) => change.name);

  it("plan --env all plans each environment against its own account, with its own overrides", async () => {
    project = await startTwoEnvironments();
    const { code, out } = await run(["plan", "--env", "all", "--format", "json"]);
    expect(code).toBe(0);
    const { environments } = JSON.parse(out);
    expect(environments.map((entry: { environment: string; status: string }) => [entry.environment, entry.status])).toEqual([
      ["staging", "planned"],
      ["production", "planned"],
    ]);
    expect(changeNames(environments[0].plan)).toEqual(["Refund Request", "Retention Offer"]);
    expect(changeNames(environments[1].plan)).toEqual(["Refund Request"]);
    expect(environments[0].plan).toMatchObject({ environment: "staging", options: { prune: true } });
    expect(environments[1].plan).toMatchObject({ environment: "production", options: { prune: false } });
    expect(environments[0].plan.fingerprint).not.toBe(environments[1].plan.fingerprint);

    // Without --env a repository with environments plans them all, as a text block each.
    const text = await run(["plan", "--no-color"]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Environment staging \(1 of 2\)[\s\S]*Plan: 2 to create[\s\S]*Environment production \(2 of 2\)[\s\S]*Plan: 1 to create/);
    expect(text.out).toContain(`Environment: staging\nTarget: ${project.staging.url}`);
    expect(text.out).toContain(`Environment: production\nTarget: ${project.production.url}`);
  });

  it("apply --env staging lands in staging only; production is untouched", async () => {
    project = await startTwoEnvironments();
    const { code, err } = await run(["apply", "--env", "staging", "--yes"]);
    expect(code, err).toBe(0);
    expect(
      project.staging
        .trackers()
        .map((tracker) => tracker.name)
        .sort(),
    ).toEqual(["Refund Request", "Retention Offer"]);
    expect(project.production.trackers()).toEqual([]);
    expect(project.production.requests()).toEqual([]);

    const after = JSON.parse((await run(["plan", "--env", "all", "--format", "json"])).out);
    expect(changeNames(after.environments[0].plan)).toEqual([]);
    expect(changeNames(after.environments[1].plan)).toEqual(["Refund Request"]);
  });

  it("apply --env NAME --plan FILE takes that environment's plan from plan --env all --out FILE, and refuses another's", async () => {
    project = await startTwoEnvironments();
    expect((await run(["plan", "--env", "all", "--format", "json", "--out", "plans.json"])).code).toBe(0);
    const noEnv = await run(["apply", "--yes", "--plan", "plans.json"]);
    expect(noEnv.code).toBe(1);
    expect(noEnv.err).toContain("holds the plans of several environments; name the one to apply with --env");
    const applied = await run(["apply", "--yes", "--env", "production", "--plan", "plans.json"]);
    expect(applied.code, applied.err).toBe(0);
    expect(project.production.trackers().map((tracker) => tracker.name)).toEqual(["Refund Request"]);

    expect((await run(["plan", "--env", "staging", "--format", "json", "--out", "staging.json"])).code).toBe(0);
    const crossed = await run(["apply", "--yes", "--env", "production", "--plan", "staging.json"]);
    expect(crossed.code).toBe(3);
    expect(crossed.err).toContain("The reviewed plan is for environment 'staging', but this apply is for environment 'production'");
    expect(project.staging.trackers()).toEqual([]);
  });

  it("apply and export need --env in a repository with environments, and refuse unknown names", async () => {
    project = await startTwoEnvironments();
    const apply = await run(["apply", "--yes"]);
    expect(apply.code).toBe(1);
    expect(apply.err).toContain("defines the environments 'staging', 'production'; choose one with --env NAME");
    const unknown = await run(["apply", "--yes", "--env", "prod"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Unknown environment 'prod'. tracker-sync.yaml defines 'staging', 'production'.");
    const all = await run(["apply", "--yes", "--env", "all"]);
    expect(all.code).toBe(1);
    expect(all.err).toContain("one environment at a time");
    expect((await run(["export", "--out", "out"])).code).toBe(1);
    expect(project.staging.requests()).toEqual([]);
    expect(project.production.requests()).toEqual([]);
  });

  it("export --env production writes that account's trackers", async () => {
    project = await startTwoEnvironments();
    expect((await run(["apply", "--env", "production", "--yes"])).code).toBe(0);
    const { code, out } = await run(["export", "--env", "production", "--out", "exported"]);
    expect(code).toBe(0);
    expect(out).toContain("Exported 1 tracker(s)");
    expect(readFileSync(join(project.dir, "exported", "refund-request.yaml"), "utf8")).toContain("name: Refund Request");
    expect(project.staging.requests()).toEqual([]);
  });

  it("promote shows the trackers only in staging, and --write edits their lists keeping comments", async () => {
    project = await startTwoEnvironments();
    const file = join(project.dir, "trackers", "retention-offer.yaml");
    const dry = await run(["promote", "--from", "staging", "--to", "production"]);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain("1 tracker is in 'staging' but not in 'production'");
    expect(dry.out).toMatch(/Retention Offer {2}trackers\/retention-offer\.yaml:2 {2}environments \[staging\] -> enabled/);
    expect(dry.out).toContain("-environments: [staging] # promote when it works\n+environments: [staging, production] # promote when it works");
    expect(dry.out).toContain("Nothing was written.");
    expect(readFileSync(file, "utf8")).toBe(RETENTION_YAML);

    const written = await run(["promote", "--from", "staging", "--to", "production", "--write"]);
    expect(written.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(RETENTION_YAML.replace("[staging]", "[staging, production]"));
    expect(project.production.requests()).toEqual([]);

    const plan = JSON.parse((await run(["plan", "--env", "production", "--format", "json"])).out);
    expect(changeNames(plan)).toEqual(["Refund Request", "Retention Offer"]);
    expect((await run(["promote", "--from", "staging", "--to", "production"])).out).toContain("Nothing to promote");
  });

  it("promote edits a block list and refuses a promotion that breaks the target's ownership prefix", async () => {
    project = await startTwoEnvironments();
    const file = join(project.dir, "trackers", "retention-offer.yaml");
    writeFileSync(file, "name: Retention Offer\nenvironments:\n  - staging   # first\nvocabulary: [a b, c d, e f, g h, i j]\n");
    expect((await run(["promote", "--from", "staging", "--to", "production", "--write"])).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("name: Retention Offer\nenvironments:\n  - staging   # first\n  - production\nvocabulary: [a b, c d, e f, g h, i j]\n");

    writeFileSync(file, "name: Retention Offer\nenvironments: [staging]\nvocabulary: [a b, c d, e f, g h, i j]\n");
    const config = join(project.dir, "tracker-sync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("guards: { maxDeletes: 0 }", "guards: { maxDeletes: 0 }\n    ownership: { prefix: 'Refund' }"));
    const refused = await run(["promote", "--from", "staging", "--to", "production", "--write"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("the ownership prefix 'Refund' of environment 'production'");
    expect(refused.err).toContain("nothing was written");
    expect(readFileSync(file, "utf8")).toContain("environments: [staging]\n");
  });

  it("production credentials missing: staging still plans, production is reported as not planned, not as no changes", async () => {
    project = await startTwoEnvironments();
    const env = { STAGING_SYMBL_APP_ID: STAGING.appId, STAGING_SYMBL_APP_SECRET: STAGING.appSecret, SYMBL_APP_ID: PRODUCTION.appId, SYMBL_APP_SECRET: PRODUCTION.appSecret };
    const text = await run(["plan", "--env", "all", "--no-color"], env);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/Environment staging \(1 of 2\)[\s\S]*Plan: 2 to create/);
    expect(text.out).toContain("Environment production (2 of 2)\nNot planned: no credentials for environment 'production': PRODUCTION_SYMBL_APP_ID and PRODUCTION_SYMBL_APP_SECRET are not set");
    expect(text.out).not.toMatch(/production[\s\S]*No changes/);
    expect(text.err).toContain("Not planned: production");
    // The generic SYMBL_* variables are never a fallback for an environment.
    expect(project.production.requests()).toEqual([]);

    const json = JSON.parse((await run(["plan", "--env", "all", "--format", "json"], env)).out);
    expect(json.environments[1]).toEqual({ environment: "production", status: "not-planned", reason: expect.stringContaining("PRODUCTION_SYMBL_APP_ID") });
    const markdown = (await run(["plan", "--env", "all", "--format", "markdown"], env)).out;
    expect(markdown).toContain("### Environment `production`: not planned");
  });

  it("credentials of one environment never reach another environment's origin", async () => {
    const bodies: string[] = [];
    recorder = createServer((request: IncomingMessage, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        bodies.push(`${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${body}`);
        response.writeHead(401, { "content-type": "application/json" }).end('{"message":"Unauthorized"}');
      });
    });
    await new Promise<void>((resolve) => recorder!.listen(0, "127.0.0.1", resolve));
    const recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
    project = await startTwoEnvironments({ productionOrigin: recorderUrl });

    await run(["plan", "--env", "all", "--format", "json"]);
    await run(["apply", "--env", "staging", "--yes"]);
    await run(["plan", "--env", "production"]);
    expect(bodies.length).toBeGreaterThan(0);
    const seenByProductionOrigin = bodies.join("\n");
    expect(seenByProductionOrigin).toContain(PRODUCTION.appSecret);
    expect(seenByProductionOrigin).not.toContain(STAGING.appSecret);
    expect(seenByProductionOrigin).not.toContain(STAGING.appId);

    // The staging emulator only ever saw its own app: every token request it logged succeeded.
    const tokenRequests = project.staging.requests().filter((entry) => entry.path.startsWith("/oauth2/token"));
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests.every((entry) => entry.status === 200)).toBe(true);
    expect(project.production.requests()).toEqual([]);
  });

  it("each emulator only ever receives its own app's credentials (request logs: every token request accepted)", async () => {
    project = await startTwoEnvironments();
    await run(["plan", "--env", "all"]);
    await run(["apply", "--env", "staging", "--yes"]);
    await run(["apply", "--env", "production", "--yes"]);
    await run(["export", "--env", "production", "--out", "exported"]);
    for (const emulator of [project.staging, project.production]) {
      const tokens = emulator.requests().filter((entry) => entry.path.startsWith("/oauth2/token"));
      expect(tokens.length).toBeGreaterThan(0);
      // The emulators accept only their own app id and secret: a credential of the other account would be a 401 here.
      expect(tokens.map((entry) => entry.status)).toEqual(tokens.map(() => 200));
      expect(emulator.requests().every((entry) => entry.status !== 401)).toBe(true);
    }
    expect(project.production.trackers().map((tracker) => tracker.name)).toEqual(["Refund Request"]);
    expect(
      project.staging
        .trackers()
        .map((tracker) => tracker.name)
        .sort(),
    ).toEqual(["Refund Request", "Retention Offer"]);
  });

  it("--env in a repository without environments is an error, and plan without it behaves as before", async () => {
    project = await startTwoEnvironments();
    writeFileSync(join(project.dir, "tracker-sync.yaml"), `apiUrl: ${project.staging.url}\n`);
    writeFileSync(join(project.dir, "trackers", "retention-offer.yaml"), RETENTION_YAML.replace("environments: [staging] # promote when it works\n", ""));
    const withEnv = await run(["plan", "--env", "staging"]);
    expect(withEnv.code).toBe(1);
    expect(withEnv.err).toContain("--env staging was given, but tracker-sync.yaml defines no environments");
    const plain = await run(["plan", "--format", "json"], { SYMBL_APP_ID: STAGING.appId, SYMBL_APP_SECRET: STAGING.appSecret });
    expect(plain.code, plain.err).toBe(0);
    expect(JSON.parse(plain.out).environment).toBeUndefined();
  });
});
