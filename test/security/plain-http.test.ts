import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../src/net/loopback-host.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { runCli } from "../../src/cli/main.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { hostileYaml } from "./security-fixtures.js";

/** A fetch that records every call; a refused URL must leave it empty. */
function recordingFetch(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response(JSON.stringify({ accessToken: "t".repeat(20), expiresIn: 3600, trackers: [] }), { status: 200 });
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

describe("credentials never travel over plain http to another host", () => {
  for (const url of ["http://api.symbl.ai", "http://10.0.0.5:8080", "http://evil.example/", "http://127.0.0.1.evil.example", "http://[::2]:80"]) {
    it(`refuses ${url} before sending anything`, async () => {
      const { fetch, calls } = recordingFetch();
      expect(() => createTrackersApi({ env: { SYMBL_APP_ID: "id", SYMBL_APP_SECRET: "app-secret-value" }, apiUrl: url, fetch })).toThrow(
        new RegExp(`Refusing to send Symbl credentials over plain http to ${new URL(url).origin.replace(/[.[\]]/g, "\\$&")} \\(apiUrl in the config file\\)`),
      );
      expect(calls).toEqual([]);
    });
  }

  it("names SYMBL_API_URL when that is where the URL came from", () => {
    expect(() => createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "static-token", SYMBL_API_URL: "http://symbl.internal" } })).toThrow(/http:\/\/symbl\.internal \(SYMBL_API_URL\)/);
  });

  it("allows https anywhere and http to loopback (the local emulator)", async () => {
    for (const url of ["https://api.symbl.ai", "http://127.0.0.1:4010", "http://127.8.9.10", "http://localhost:4010", "http://[::1]:4010", "http://[::ffff:127.0.0.1]:1"]) {
      const { fetch, calls } = recordingFetch();
      const api = createTrackersApi({ env: { SYMBL_APP_ID: "id", SYMBL_APP_SECRET: "app-secret-value" }, apiUrl: url, fetch });
      await api.listTrackers();
      expect(calls.length).toBeGreaterThan(0);
    }
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("localhost.evil.example")).toBe(false);
  });

  it("the CLI stops with a clear error naming the URL and exit code 1", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tracker-sync-plain-http-"));
    try {
      await mkdir(path.join(dir, "trackers"));
      await writeFile(path.join(dir, "trackers", "refunds.yaml"), hostileYaml("Refunds"));
      await writeFile(path.join(dir, "tracker-sync.yaml"), "apiUrl: http://attacker.example:8080\n");
      const io = createCapturedIo({ cwd: dir, env: { SYMBL_APP_ID: "id", SYMBL_APP_SECRET: "app-secret-value" } });
      expect(await runCli(["plan"], io)).toBe(1);
      expect(io.stderrText).toContain("Refusing to send Symbl credentials over plain http to http://attacker.example:8080");
      expect(io.stderrText).not.toContain("app-secret-value");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
