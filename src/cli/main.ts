import { escapeTerminalText } from "../escape/terminal-text.js";
import { type Command, CommanderError } from "commander";
import { ExitError, UserError, EXIT_ERROR, EXIT_OK } from "../errors.js";
import type { CliIo } from "./io.js";
import { VERSION } from "./package-info.js";
import { buildProgram } from "./program.js";

/** Runs one CLI invocation and returns its exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, VERSION, (code) => (exitCode = code), argv[0]);
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return EXIT_ERROR;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, io, program);
  }
}

function reportError(error: unknown, io: CliIo, program: Command): number {
  if (error instanceof CommanderError) return reportUsageError(error, io, program);
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof UserError) {
    io.stderr(`Error: ${escapeLines(error.message)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`Internal error: ${escapeLines(message)}\nThis is probably a bug in tracker-sync; please report it with the command you ran.\n`);
  return EXIT_ERROR;
}

// Commander has already printed help or the version for these; they are not errors.
const INFORMATIONAL = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

/** Commander's terse "error: unknown option '--x'" becomes a sentence that says what to do. */
function reportUsageError(error: CommanderError, io: CliIo, program: Command): number {
  if (INFORMATIONAL.has(error.code)) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
  const [first = "", ...rest] = error.message.replace(/^error: /, "").split("\n");
  const suggestion = rest
    .join(" ")
    .replace(/^\((.*)\)$/, "$1")
    .trim();
  if (error.code === "commander.unknownCommand") {
    const name = /'(.*)'/.exec(first)?.[1] ?? first;
    const hint = suggestion ? ` ${suggestion.replace(/Did you mean (\S+)\?/, "Did you mean '$1'?")}` : "";
    io.stderr(`Unknown command '${escapeTerminalText(name)}'.${hint} Run '${program.name()} --help' to see the commands.\n`);
    return EXIT_ERROR;
  }
  const sentence = `${first.charAt(0).toUpperCase()}${first.slice(1)}`.replace(/\.?$/, ".");
  io.stderr(`Error: ${escapeTerminalText(sentence)}${suggestion ? ` ${escapeTerminalText(suggestion)}` : ""} Run with --help to see the options.\n`);
  return EXIT_ERROR;
}

/** Messages keep their own line breaks; every other control (ESC from a server or a name) is made visible. */
function escapeLines(message: string): string {
  return message.split("\n").map(escapeTerminalText).join("\n");
}
