import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { buildProgram, COMMAND_NAMES } from "../src/cli/program.js";
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

  it("suggests the closest command for a typo", async () => {
    const io = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli(["plna"], io)).toBe(1);
    expect(io.stderrText).toBe("Unknown command 'plna'. Did you mean 'plan'? Run 'tracker-sync --help' to see the commands.\n");
  });

  it("--version and -v print the version from package.json", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const io = createCapturedIo({ cwd: process.cwd() });
      expect(await runCli([flag], io)).toBe(0);
      expect(io.stdoutText).toBe(`${version}\n`);
    }
  });

  it("--help and 'help COMMAND' print generated help on stdout and exit 0", async () => {
    const top = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli(["--help"], top)).toBe(0);
    for (const command of ["validate", "plan", "apply", "export", "emulator", "test", "preview"]) expect(top.stdoutText).toContain(`  ${command} `);
    const plan = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli(["help", "plan"], plan)).toBe(0);
    expect(plan.stdoutText).toContain("Usage: tracker-sync plan [options]");
    expect(plan.stdoutText).toContain("--detailed-exitcode");
    expect(plan.stderrText).toBe("");
  });

  it("a usage error is one sentence on stderr that points at --help, with a suggestion when one is close", async () => {
    const io = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli(["plan", "--prnue"], io)).toBe(1);
    expect(io.stderrText).toBe("Error: Unknown option '--prnue'. Did you mean --prune? Run with --help to see the options.\n");
    const extra = createCapturedIo({ cwd: process.cwd() });
    expect(await runCli(["plan", "extra"], extra)).toBe(1);
    expect(extra.stderrText).toMatch(/^Error: Too many arguments for 'plan'\. .*Run with --help to see the options\.\n$/);
  });

  it("COMMAND_NAMES lists every command the full program defines, in order", () => {
    const io = createCapturedIo({ cwd: process.cwd() });
    const program = buildProgram(io, "0.0.0", () => {});
    expect(program.commands.map((command) => command.name()).filter((name) => name !== "help")).toEqual(COMMAND_NAMES);
  });

  it("a program built for one command defines only it, with the same help, options and usage errors as the full program", async () => {
    const io = createCapturedIo({ cwd: process.cwd() });
    const full = buildProgram(io, "0.0.0", () => {});
    for (const name of COMMAND_NAMES) {
      const single = buildProgram(io, "0.0.0", () => {}, name);
      expect(single.commands.map((command) => command.name()).filter((command) => command !== "help")).toEqual([name]);
      const inFull = full.commands.find((command) => command.name() === name)!;
      const alone = single.commands.find((command) => command.name() === name)!;
      expect(alone.helpInformation(), name).toBe(inFull.helpInformation());
    }
    // Usage errors (and their "Did you mean" suggestions) come from the command's own options either way.
    const usageError = async (firstArgument: string | undefined, argv: string[]) => {
      const program = buildProgram(createCapturedIo({ cwd: process.cwd() }), "0.0.0", () => {}, firstArgument);
      return program.parseAsync(argv, { from: "user" }).then(
        () => "no error",
        (error: Error) => error.message,
      );
    };
    for (const argv of [
      ["validate", "--formt", "json"],
      ["validate", "--format"],
      ["plan", "--detailed-exit"],
      ["apply", "--yes", "extra"],
    ]) {
      const message = await usageError(argv[0], argv);
      expect(message, argv.join(" ")).not.toBe("no error");
      expect(message, argv.join(" ")).toBe(await usageError(undefined, argv));
    }
  });
});
