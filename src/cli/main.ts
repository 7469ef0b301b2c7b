import { ExitError, UserError, EXIT_ERROR, EXIT_OK } from "../errors.js";
import type { CliIo } from "./io.js";
import { escapeTerminalText } from "../escape/terminal-text.js";

type CommandModule = { run(args: string[], io: CliIo): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  validate: { summary: "Check tracker files offline: schema and vocabulary lint.", load: () => import("./commands/validate.js") },
  plan: { summary: "Show what apply would change in the live account.", load: () => import("./commands/plan.js") },
  apply: { summary: "Make the live account match the repository.", load: () => import("./commands/apply.js") },
  export: { summary: "Write the live account's trackers as YAML files.", load: () => import("./commands/export.js") },
  emulator: { summary: "Run a local, durable Symbl Trackers API.", load: () => import("./commands/emulator.js") },
  test: { summary: "Run the shouldMatch/shouldNotMatch examples in tracker files.", load: () => import("./commands/test.js") },
  preview: { summary: "Show what each tracker detects in the sample conversations.", load: () => import("./commands/preview.js") },
  unlock: { summary: "Remove a stale apply lock left by a crashed apply.", load: () => import("./commands/unlock.js") },
};

export const USAGE = `Usage: tracker-sync <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join("\n")}

Run 'tracker-sync <command> --help' for the options of one command.
`;

/** Runs one CLI invocation and returns its exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(USAGE);
    return name === undefined ? EXIT_ERROR : EXIT_OK;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${process.env.TRACKER_SYNC_VERSION ?? "0.1.0"}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`Unknown command '${name}'. Run 'tracker-sync --help' to see the commands.\n`);
    return EXIT_ERROR;
  }
  try {
    const module = await command.load();
    return await module.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof UserError) {
    io.stderr(`Error: ${escapeLines(error.message)}\n`);
    return error.exitCode;
  }
  if (error instanceof TypeError && /parseArgs|ERR_PARSE_ARGS/.test(String((error as { code?: string }).code ?? error.message))) {
    io.stderr(`Error: ${error.message}. Run with --help to see the options.\n`);
    return EXIT_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`Internal error: ${escapeLines(message)}\nThis is probably a bug in tracker-sync; please report it with the command you ran.\n`);
  return EXIT_ERROR;
}

/** Messages keep their own line breaks; every other control (ESC from a server or a name) is made visible. */
function escapeLines(message: string): string {
  return message.split("\n").map(escapeTerminalText).join("\n");
}
