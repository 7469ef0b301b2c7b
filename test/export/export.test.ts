import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../src/cli/main.js";
import type { RunningEmulator } from "../../src/emulator/start-emulator.js";
import { buildExportFiles, slugify } from "../../src/export/build-export-files.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { emulatorEnv, startScenarioEmulator } from "../scenarios/scenario-harness.js";

describe("buildExportFiles", () => {
  it("names files from names, deterministically, with collisions resolved by a stable suffix", () => {
    const files = buildExportFiles(
      [
        { id: "2", name: "voice message", vocabulary: ["b"] },
        { id: "1", name: "Voice Message", vocabulary: ["a"] },
        { id: "3", name: "COVID-19", vocabulary: ["c"] },
        { id: "4", name: "Café Crème!", vocabulary: ["d"] },
      ],
      { schemaPath: "../schemas/tracker.schema.json" },
    );
    expect(files.map((file) => file.fileName)).toEqual(["covid-19.yaml", "cafe-creme.yaml", "voice-message.yaml", expect.stringMatching(/^voice-message-[0-9a-f]{6}\.yaml$/)]);
    expect(files[2]?.name).toBe("Voice Message");
    expect(files[0]?.content).toBe("# yaml-language-server: $schema=../schemas/tracker.schema.json\nname: COVID-19\nvocabulary:\n  - c\n");
    expect(slugify("!!!")).toMatch(/^tracker-[0-9a-f]{8}$/);
  });

  it("keeps the server's phrase order and writes strings that read back as the same strings", () => {
    const vocabulary = ["zeta", "alpha", "no", "10 20 percent", "123", "it's - fine", "null"];
    const [file] = buildExportFiles([{ id: "1", name: "true", vocabulary }], { schemaPath: "s.json" });
    expect(parse(file?.content ?? "")).toEqual({ name: "true", vocabulary });
  });
});

describe("tracker-sync export", () => {
  let emulator: RunningEmulator | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes every live tracker so that plan afterwards shows no changes, and refuses to overwrite without --force", async () => {
    emulator = await startScenarioEmulator([
      { id: "1000000000000301", name: "Refund Request", vocabulary: ["want a refund", "money back", "refund please"] },
      { id: "1000000000000302", name: "Promotion Mention", vocabulary: ["promo code", "discount code", "coupon", "special offer", "limited time deal"] },
      { id: "1000000000000303", name: "voice message", vocabulary: ["voicemail"] },
      { id: "1000000000000304", name: "Voice Message", vocabulary: ["leave a message"] },
    ]);
    dir = await mkdtemp(join(tmpdir(), "tracker-sync-export-"));
    await mkdir(join(dir, "schemas"), { recursive: true });
    await writeFile(join(dir, "schemas", "tracker.schema.json"), "{}");
    const env = emulatorEnv(emulator);
    const io = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["export"], io), io.stderrText).toBe(0);
    expect(io.stdoutText).toContain("Exported 4 tracker(s) to trackers: 4 written, 0 already up to date.");
    const files = (await readdir(join(dir, "trackers"))).sort();
    expect(files).toHaveLength(4);
    const refund = await readFile(join(dir, "trackers", "refund-request.yaml"), "utf8");
    expect(refund.split("\n")[0]).toBe("# yaml-language-server: $schema=../schemas/tracker.schema.json");

    const planIo = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["plan", "--detailed-exitcode"], planIo), planIo.stdoutText + planIo.stderrText).toBe(0);
    expect(planIo.stdoutText).toContain("No changes.");

    const again = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["export"], again)).toBe(0);
    expect(again.stdoutText).toContain("0 written, 4 already up to date");

    await writeFile(join(dir, "trackers", "refund-request.yaml"), "# edited by hand\n");
    const refused = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["export"], refused)).toBe(1);
    expect(refused.stderrText).toContain("Export would overwrite 1 file(s) whose content differs: trackers/refund-request.yaml. Nothing was written.");
    const forced = createCapturedIo({ cwd: dir, env });
    expect(await runCli(["export", "--force"], forced)).toBe(0);
    expect(await readFile(join(dir, "trackers", "refund-request.yaml"), "utf8")).toBe(refund);
  });

  it("computes the $schema path from the output directory to an installed tracker-sync, else uses the published schema", async () => {
    emulator = await startScenarioEmulator([{ id: "1000000000000305", name: "A", vocabulary: ["a"] }]);
    dir = await mkdtemp(join(tmpdir(), "tracker-sync-export-"));
    const io = createCapturedIo({ cwd: dir, env: emulatorEnv(emulator) });
    expect(await runCli(["export", "--out", "defs/account"], io)).toBe(0);
    expect(await readFile(join(dir, "defs", "account", "a.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/raw\.githubusercontent\.com\/[\w.-]+\/tracker-sync\/v\d+\/schemas\/tracker\.schema\.json\n/,
    );
    await mkdir(join(dir, "node_modules", "tracker-sync", "schemas"), { recursive: true });
    await writeFile(join(dir, "node_modules", "tracker-sync", "schemas", "tracker.schema.json"), "{}");
    const installed = createCapturedIo({ cwd: dir, env: emulatorEnv(emulator) });
    expect(await runCli(["export", "--out", "defs/account", "--force"], installed)).toBe(0);
    expect(await readFile(join(dir, "defs", "account", "a.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/tracker-sync\/schemas\/tracker\.schema\.json\n/);
  });

  it("follows the config file: its apiUrl when SYMBL_API_URL is unset, and its first path as the output directory", async () => {
    emulator = await startScenarioEmulator([{ id: "1000000000000306", name: "Billing", vocabulary: ["invoice"] }]);
    dir = await mkdtemp(join(tmpdir(), "tracker-sync-export-"));
    await writeFile(join(dir, "sync.yaml"), `apiUrl: ${emulator.url}\npaths: [definitions]\n`);
    const { SYMBL_API_URL: _unused, ...credentials } = emulatorEnv(emulator);
    const io = createCapturedIo({ cwd: dir, env: credentials });
    expect(await runCli(["export", "--config", "sync.yaml"], io), io.stderrText).toBe(0);
    expect(io.stdoutText).toContain("Exported 1 tracker(s) to definitions");
    expect(await readFile(join(dir, "definitions", "billing.yaml"), "utf8")).toContain("name: Billing");
  });

  it("refuses a broken config file with its findings and writes nothing", async () => {
    dir = await mkdtemp(join(tmpdir(), "tracker-sync-export-"));
    await writeFile(join(dir, "tracker-sync.yaml"), "prune: sometimes\n");
    const io = createCapturedIo({ cwd: dir, env: {} });
    expect(await runCli(["export"], io)).toBe(1);
    expect(io.stderrText).toContain("tracker-sync.yaml:1:");
    expect(io.stderrText).toContain("Fix the config file above");
    await expect(readdir(join(dir, "trackers"))).rejects.toThrow();
  });
});
