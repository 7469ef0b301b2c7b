import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectOptions } from "../../src/action/command-context.js";
import { extractServerMessage } from "../../src/client/api-error.js";
import { createTrackersApi } from "../../src/client/create-trackers-api.js";
import { runCli } from "../../src/cli/main.js";
import { loadProject } from "../../src/load/load-project.js";
import { loadConversations } from "../../src/preview/load-conversations.js";
import { createCapturedIo } from "../helpers/cli-io.js";
import { answerToken, startLoopbackServer } from "./loopback-server.js";
import { hostileYaml } from "./security-fixtures.js";

let root: string;
let repo: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tracker-sync-bounded-"));
  repo = path.join(root, "repo");
  outside = path.join(root, "outside");
  await mkdir(path.join(repo, ".git"), { recursive: true });
  await mkdir(path.join(repo, "trackers"), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(repo, "trackers", "refunds.yaml"), hostileYaml("Refunds"));
  await writeFile(path.join(outside, "secret.yaml"), "name: runner secret\nvocabulary:\n  - ssh private key\n");
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("definition files are read only when they are small regular files", () => {
  it("a symlink to /dev/zero is a clear finding, not an endless read", async () => {
    await symlink("/dev/zero", path.join(repo, "trackers", "z.yaml"));
    const load = await loadProject({ cwd: repo });
    const finding = load.findings.find((item) => item.file === "trackers/z.yaml");
    expect(finding?.rule).toBe("file-unreadable");
    expect(finding?.message).toContain("a character device, not a regular file");
    expect(load.trackers.map((tracker) => tracker.name)).toEqual(["Refunds"]);
  });

  it("a symlink to a named pipe is refused without waiting for a writer", async () => {
    execFileSync("mkfifo", [path.join(repo, "pipe")]);
    await symlink("../pipe", path.join(repo, "trackers", "pipe.yaml"));
    const load = await loadProject({ cwd: repo });
    expect(load.findings.find((item) => item.file === "trackers/pipe.yaml")?.message).toContain("a named pipe (FIFO), not a regular file");
  });

  it("a file over 4 MiB is reported as file-too-large from its size", async () => {
    await writeFile(path.join(repo, "trackers", "big.yaml"), Buffer.alloc(5 * 1024 * 1024, "#"));
    const load = await loadProject({ cwd: repo });
    const finding = load.findings.find((item) => item.file === "trackers/big.yaml");
    expect(finding?.rule).toBe("file-too-large");
    expect(finding?.message).toContain("was not read");
  });
});

describe("paths stay inside the repository", () => {
  it("the Action refuses `paths:` outside the workspace before reading anything", async () => {
    await writeFile(path.join(repo, "tracker-sync.yaml"), `paths: [${JSON.stringify(outside)}]\n`);
    const options = projectOptions({ command: "validate", comment: false }, { workspace: repo } as Parameters<typeof projectOptions>[1]);
    expect(options.boundary).toEqual({ root: repo, outside: "refuse" });
    await expect(loadProject(options)).rejects.toThrow(/definitions path .* outside the repository root .* was refused/);
  });

  it("the Action refuses a definition symlink that points outside, and never shows its content", async () => {
    await symlink(path.join(outside, "secret.yaml"), path.join(repo, "trackers", "leak.yaml"));
    const error = (await loadProject({ cwd: repo, boundary: { root: repo, outside: "refuse" } }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain("The definition file 'trackers/leak.yaml' resolves to");
    expect(error.message).not.toContain("ssh private key");
  });

  it("the Action refuses a config file and a conversations directory outside the workspace", async () => {
    await writeFile(path.join(outside, "tracker-sync.yaml"), "paths: [trackers]\n");
    await expect(loadProject({ cwd: repo, configPath: path.join(outside, "tracker-sync.yaml"), boundary: { root: repo, outside: "refuse" } })).rejects.toThrow(
      /config file .* outside the repository root/,
    );
    await writeFile(path.join(repo, "tracker-sync.yaml"), `conversations: ${JSON.stringify(outside)}\n`);
    await expect(loadProject({ cwd: repo, boundary: { root: repo, outside: "refuse" } })).rejects.toThrow(/conversations directory .* outside the repository root/);
  });

  it("the Action refuses a conversation file symlinked to outside the workspace", async () => {
    await mkdir(path.join(repo, "conversations"));
    await writeFile(path.join(outside, "c.json"), JSON.stringify({ messages: [{ payload: { content: "private" } }] }));
    await symlink(path.join(outside, "c.json"), path.join(repo, "conversations", "c.json"));
    await expect(loadConversations(path.join(repo, "conversations"), { boundary: { root: repo, outside: "refuse" } })).rejects.toThrow(/outside the repository root/);
  });

  it("the CLI reads a path outside the repository but warns (path-outside-project)", async () => {
    const io = createCapturedIo({ cwd: repo });
    const code = await runCli(["validate", "trackers", path.join(outside, "secret.yaml")], io);
    expect(code).toBe(0);
    expect(io.stdoutText).toMatch(/warning .*outside the repository root .*path-outside-project/);
  });
});

describe("the CLI says so when pointed outside the repository", () => {
  it("preview --conversations outside the repository warns and still reads it", async () => {
    await writeFile(path.join(outside, "call.json"), JSON.stringify({ messages: [{ payload: { content: "alpha call please" } }] }));
    const io = createCapturedIo({ cwd: repo });
    expect(await runCli(["preview", "--conversations", outside, "--format", "json"], io)).toBe(0);
    expect(io.stderrText).toContain(`Warning: The conversations directory '${outside}' resolves to`);
    expect(io.stdoutText).toContain('"conversations"');
  });
});

describe("responses are bounded in size and time", () => {
  it("a response larger than the cap is a clear error from the CLI, without a stack trace", async () => {
    const chunk = Buffer.alloc(1024 * 1024, " ");
    const server = await startLoopbackServer((request, response) => {
      if (answerToken(request, response)) return;
      response.writeHead(200, { "content-type": "application/json" });
      let sent = 0;
      const pump = (): void => {
        while (sent < 40 && response.write(chunk)) sent++;
        if (sent >= 40) response.end();
        else response.once("drain", pump);
      };
      pump();
    });
    try {
      await writeFile(path.join(repo, "tracker-sync.yaml"), "paths: [trackers]\n");
      const io = createCapturedIo({ cwd: repo, env: { SYMBL_APP_ID: "id", SYMBL_APP_SECRET: "secret-for-tests", SYMBL_API_URL: server.url } });
      const code = await runCli(["plan"], io);
      expect(code).toBe(1);
      expect(io.stderrText).toContain("GET /v1/manage/trackers failed: the response is larger than 32 MiB");
      expect(io.stderrText).not.toMatch(/\n\s+at /);
    } finally {
      await server.close();
    }
  });

  it("a server that drips one byte at a time hits the overall deadline", async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => response.write(" "), 20);
      response.on("close", () => clearInterval(timer));
    });
    try {
      const api = createTrackersApi({ env: { SYMBL_ACCESS_TOKEN: "drip-test-token", SYMBL_API_URL: server.url }, timeoutMs: 1_000, requestDeadlineMs: 300, retry: { maxAttempts: 1 } });
      await expect(api.listTrackers()).rejects.toThrow("GET /v1/manage/trackers failed: no complete response within 300 ms");
    } finally {
      await server.close();
    }
  }, 10_000);

  it("stripping a large hostile HTML error page is linear", () => {
    // Quadratic before: every unclosed `<` and `<script` rescanned the rest of the page (280 KB took over 60 s).
    const page = `<html>${"<a".repeat(70_000)}${"<script>".repeat(20_000)}<p>Bad gateway</p>`;
    expect(extractServerMessage(page).length).toBeLessThanOrEqual(300);
    expect(extractServerMessage("<html><style>x{}</style><script>alert(1)</script><h1>502 Bad Gateway</h1></html>")).toBe("502 Bad Gateway");
  });
});
