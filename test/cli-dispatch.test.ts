import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { createCapturedIo } from "./helpers/cli-io.js";

describe("cli dispatcher", () => {
  it("prints usage and exits 1 without a command", async () => {
    const io = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli([], io)).toBe(1);
    expect(io.stdoutText).toContain("Usage: tracker-sync <command>");
  });

  it("rejects an unknown command with a sentence that says what to do", async () => {
    const io = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli(["frobnicate"], io)).toBe(1);
    expect(io.stderrText).toBe("Unknown command 'frobnicate'. Run 'tracker-sync --help' to see the commands.\n");
  });
});
