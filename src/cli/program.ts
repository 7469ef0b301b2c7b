import { Command, Option } from "commander";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET, DEFAULT_EMULATOR_PORT } from "../emulator/defaults.js";
import type { CliIo } from "./io.js";

// Every option is declared here once; commander generates the help from it. Command modules are imported only
// when their command runs, so `validate` never loads the matcher, the client or the emulator.

const ENVIRONMENT_HELP = `
Environment:
  SYMBL_API_URL                       API origin (default https://api.symbl.ai; the emulator prints its URL)
  SYMBL_APP_ID + SYMBL_APP_SECRET     App credentials, or SYMBL_ACCESS_TOKEN for a ready-made token
  NO_COLOR                            No colour, even on a terminal
  With environments: in tracker-sync.yaml, --env NAME reads that environment's own variables instead
  (default <NAME>_SYMBL_APP_ID, <NAME>_SYMBL_APP_SECRET or <NAME>_SYMBL_ACCESS_TOKEN, and
  <NAME>_SYMBL_API_URL over its apiUrl); SYMBL_* above are then never used.`;

type SetExitCode = (code: number) => void;

/** Every command, in help order; test/cli/program.test.ts checks that it matches what buildProgram defines. */
export const COMMAND_NAMES: readonly string[] = ["validate", "plan", "apply", "export", "unlock", "promote", "init", "emulator", "test", "preview"];
// Each command module exports run(options, io); options are what commander parsed, camelCased.
type CommandModule = { run(options: Record<string, unknown>, io: CliIo): Promise<number> };

/** One fresh commander program per invocation (commander keeps parse state), wired to `io`. */
export function buildProgram(io: CliIo, version: string, setExitCode: SetExitCode, firstArgument?: string): Command {
  // `tracker-sync validate ...` needs only the validate command: defining the other nine cost ~2 ms of every
  // start. Help, the version, `help <command>` and unknown commands (with their suggestions) get all of them.
  const only = firstArgument !== undefined && COMMAND_NAMES.includes(firstArgument) ? firstArgument : undefined;
  const wants = (name: string) => only === undefined || only === name;
  const program = new Command("tracker-sync")
    .usage("<command> [options]")
    .description("Keep a Symbl.ai account's conversation trackers in Git: validate, plan, apply, export, and a local emulator.")
    .version(version, "-v, --version", "Print the tracker-sync version")
    .helpOption("-h, --help", "Show this help")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // runCli turns usage errors into sentences; commander must not print its own first.
      outputError: () => {},
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    // Help shows value placeholders as "--out FILE", the convention of the README and of most Unix tools.
    .configureHelp({ optionTerm: (option) => option.flags.replace(/<([^>]+)>/g, (_, name: string) => name.toUpperCase()) })
    .addHelpText("after", "\nRun 'tracker-sync <command> --help' for the options of one command.\n");
  program.helpCommand("help [command]", "Show the help of a command");

  const run = (load: () => Promise<CommandModule>) =>
    async function (this: Command) {
      const module = await load();
      setExitCode(await module.run(this.opts(), io));
    };

  if (wants("validate"))
    addProjectOptions(program.command("validate").summary("Check tracker files offline: schema and vocabulary lint."))
      .description("Check tracker definition files offline: YAML syntax, the schema, and the vocabulary lint rules.\nWithout paths, validates the paths from tracker-sync.yaml (default: trackers/).")
      .argument("[paths...]", "Definition files or directories (override --path and the config's paths)")
      .addOption(formatOption(["text", "json", "github"], "text, json, or github (workflow commands for annotations)"))
      .option("--no-color", "No colour, even on a terminal")
      .addHelpText("after", "\nExit codes: 0 no errors (warnings allowed), 1 at least one error.")
      .action(async function (this: Command, paths: string[]) {
        const { run: validate } = await import("./commands/validate.js");
        setExitCode(await validate({ ...this.opts(), paths }, io));
      });

  if (wants("plan"))
    addProjectOptions(program.command("plan").summary("Show what apply would change in the live account."))
      .description("Compare the tracker definitions with the live Symbl account and show what apply would change.")
      .option("--prune", "Delete live trackers that are not in the repository (within the ownership prefix)")
      .addOption(formatOption(["text", "json", "markdown"], "text, json or markdown: what is printed"))
      .option("--out <file>", "Save the plan to FILE for 'apply --plan FILE' (JSON, whatever --format prints)")
      .option("--detailed-exitcode", "Exit 2 when there are changes (0 none, 1 error, 3 refused by a guard)")
      .addOption(apiGenerationOption())
      .option("--env <name>", "Environment from tracker-sync.yaml to plan, or 'all' (the default when it defines environments)")
      .option("--no-color", "No colour, even on a terminal")
      .addHelpText("after", ENVIRONMENT_HELP)
      .action(run(() => import("./commands/plan.js")));

  if (wants("apply"))
    addProjectOptions(program.command("apply").summary("Make the live account match the repository."))
      .description(
        "Make the live Symbl account match the tracker definitions. Re-reads the account, rebuilds the plan, shows\nit, and asks for confirmation (on a terminal) before writing. While writing it holds the account lock (a tracker\nnamed tracker-sync.lock), so two applies never interleave; a crashed apply's lock is removed with\n'tracker-sync unlock LOCK_ID'. Ctrl-C stops after the request in flight.",
      )
      .option("--prune", "Delete live trackers that are not in the repository (within the ownership prefix)")
      .option("--plan <file>", "Refuse (exit 3) unless the fresh plan equals this reviewed plan (saved by plan --out FILE)")
      .option("--expect-fingerprint <hash>", "Refuse (exit 3) unless the fresh plan has this fingerprint")
      .option("-y, --yes", "Do not ask; required when stdin is not a terminal")
      .option("--env <name>", "Environment from tracker-sync.yaml to apply (required when it defines environments)")
      .addOption(formatOption(["text", "json"], "text or json (the apply result)"))
      .option("--out <file>", "Also write the JSON apply result to FILE")
      .addOption(apiGenerationOption())
      .option("--no-color", "No colour, even on a terminal")
      .addHelpText(
        "after",
        `${ENVIRONMENT_HELP}\n\nExit codes: 0 applied (or nothing to do), 1 error or a failed change, 3 refused by a guard or a stale plan,\n130 interrupted (run apply again to finish).`,
      )
      .action(run(() => import("./commands/apply.js")));

  if (wants("export"))
    program
      .command("export")
      .summary("Write the live account's trackers as YAML files.")
      .description("Write every live tracker as one YAML file in the trackers/ format. Running plan afterwards shows no changes.")
      .option("--out <dir>", "Directory to write (default: the first of the config's paths, else ./trackers)")
      .option("--config <file>", "Config file (default: ./tracker-sync.yaml when present); its apiUrl and paths apply")
      .option("--force", "Overwrite files whose content differs")
      .addOption(apiGenerationOption("; generation 2 also writes description, categories and languages, and skips Symbl's pre-added (managed) trackers"))
      .option("--env <name>", "Environment from tracker-sync.yaml to export (required when it defines environments)")
      .addHelpText("after", ENVIRONMENT_HELP)
      .action(run(() => import("./commands/export.js")));

  if (wants("unlock"))
    program
      .command("unlock")
      .summary("Show the account lock, or remove a stale one left by a crashed apply.")
      .description(
        "Apply holds the account lock (the tracker tracker-sync.lock) while it writes. Without LOCK_ID, shows the\ncurrent lock and removes nothing. With LOCK_ID, removes the lock only if it has exactly that id (apply names\nit when a lock blocks it), so a lock taken since by another apply stays. Make sure no apply is running first.",
      )
      .argument("[lockId]", "The id of the stale lock to remove")
      .option("--config <file>", "Config file (default: ./tracker-sync.yaml when present); its apiUrl applies")
      .addOption(apiGenerationOption())
      .option("--env <name>", "Environment from tracker-sync.yaml whose account to unlock (required when it defines environments)")
      .addHelpText("after", ENVIRONMENT_HELP)
      .action(async function (this: Command, lockId: string | undefined) {
        const { run: unlock } = await import("./commands/unlock.js");
        setExitCode(await unlock({ ...this.opts(), ...(lockId !== undefined ? { lockId } : {}) }, io));
      });

  if (wants("promote"))
    program
      .command("promote")
      .summary("Enable trackers that are only in one environment in another one.")
      .description(
        "List the trackers whose 'environments:' include --from but not --to (what promoting them would\nenable in --to) and show the edit to their files. With --write the files are edited, comments and\nformatting kept; commit them and open a pull request: its plan shows what changes in --to.",
      )
      .requiredOption("--from <env>", "Environment the trackers were tried in (e.g. staging)")
      .requiredOption("--to <env>", "Environment to enable them in (e.g. production)")
      .option("--only <name...>", "Promote only these trackers (by name)")
      .option("--write", "Edit the tracker files; without it nothing is written")
      .option("--path <dir|file>", "Tracker definitions (default: paths from tracker-sync.yaml, else ./trackers)")
      .option("--config <file>", "Config file (default: ./tracker-sync.yaml when present)")
      .option("--no-color", "No colour, even on a terminal")
      .addHelpText("after", "\nExit codes: 0 listed (and written with --write) or nothing to promote, 1 an error.")
      .action(run(() => import("./commands/promote.js")));

  if (wants("init"))
    program
      .command("init")
      .summary("Set up tracker-sync in this repository: config, an example tracker, workflows.")
      .description(
        "Scaffold a repository that uses tracker-sync: tracker-sync.yaml, an example tracker (or the live account's\ntrackers with --from-account), a sample conversation, and three GitHub workflows (plan on pull requests,\napply on merge, scheduled drift check) that use the released Action. Existing files are never overwritten\nwithout --force.",
      )
      .option("--dir <dir>", "Repository to set up (default: the current directory)")
      .option("--from-account", "Export the live account's trackers instead of writing the example tracker")
      .option("--force", "Overwrite files that already exist with different content")
      .option("--action <ref>", "The Action the workflows use (default: the release this CLI belongs to), e.g. a commit SHA pin")
      .option("--environments <names>", "Several accounts, comma-separated in apply order (e.g. staging,production): config and workflows per environment")
      .addHelpText("after", ENVIRONMENT_HELP)
      .action(run(() => import("./commands/init.js")));

  if (wants("emulator"))
    program
      .command("emulator")
      .summary("Run a local, durable Symbl Trackers API.")
      .description(
        "Runs a local Symbl Trackers Management API until interrupted (Ctrl-C / SIGTERM). Both API generations\nare served on one account: Gen-1 (/v1/manage/tracker, PUT) and generation 2 (PATCH /v1/manage/trackers/{id}).",
      )
      .option("--host <host>", "Address to listen on (default 127.0.0.1)")
      .option("--port <n>", `Port (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)`)
      .option("--data <file>", "Keep the account in this JSON file (default: in memory, lost on exit)")
      .option("--app-id <id>", `App id clients must use (default ${DEFAULT_EMULATOR_APP_ID})`)
      .option(
        "--app-secret <secret>",
        `App secret clients must use (default ${DEFAULT_EMULATOR_APP_SECRET}); prefer TRACKER_SYNC_EMULATOR_APP_ID and TRACKER_SYNC_EMULATOR_APP_SECRET in the environment, since argv is visible to every local user`,
      )
      .option("--latency-ms <n>", "Delay every API request by N ms; a write holds the write slot meanwhile")
      .option("--fail-rate <p>", "Probability 0..1 of a 500/502/504 before anything changes")
      .option("--drop-rate <p>", "Probability 0..1 that a write is committed but the connection is cut")
      .option("--rate-limit-rate <p>", "Probability 0..1 of a 429 before anything changes")
      .option("--retry-after <s>", "Send Retry-After: S with injected 429s")
      .option("--put-mode <mode>", "append (default, as Symbl documents) or replace: how PUT treats the vocabulary")
      .option("--seed <n>", "Seed for ids and injected faults (default 1)")
      .option(
        "--api-generation <n>",
        "1 (default) or 2: an account of Symbl's late-2022 API: starts with a few Symbl pre-added (managed) trackers, every tracker has description, categories and languages, and the Async API detects all account trackers by default",
      )
      .action(run(() => import("./commands/emulator.js")));

  if (wants("test"))
    addProjectOptions(program.command("test").summary("Run the shouldMatch/shouldNotMatch examples in tracker files."))
      .description(
        "Run the tests.shouldMatch / tests.shouldNotMatch examples of every tracker with the local matcher\n(the same matcher as 'preview'). Each example is one message: a shouldMatch example must be matched by\nat least one phrase of its tracker, a shouldNotMatch example by none. Failures are reported at the\nexample's file:line.",
      )
      .addOption(formatOption(["text", "json"], "text or json"))
      .option("--no-color", "No colour in validation output")
      .addHelpText("after", "\nExit codes: 0 all examples pass (or there are none), 1 a failing example or a validation error.")
      .action(run(() => import("./commands/test.js")));

  if (wants("preview"))
    addProjectOptions(program.command("preview").summary("Show what each tracker detects in the sample conversations."))
      .description(
        "Show what each tracker (retired ones excluded) detects in the sample conversations, using the local\nmatcher: exact phrase matches with their character offset, and word-form matches (offset -1).",
      )
      .option("--conversations <dir>", "Sample conversations, one Async Text API JSON file each (default: the config's 'conversations')")
      .addOption(formatOption(["text", "json", "html"], "text, json (trackers-detected per conversation), or html"))
      .option("--out <file>", "Write the output to FILE instead of stdout (html default: .tracker-sync/preview.html)")
      .option("--no-color", "No colour in validation output")
      .addHelpText("after", "\nExit codes: 0 preview written, 1 an error (validation errors, unreadable conversations).")
      .action(run(() => import("./commands/preview.js")));

  return program;
}

/** `--path` and `--config` mean the same for every command that reads the definitions. */
function addProjectOptions(command: Command): Command {
  return command
    .option("--path <dir|file>", "Tracker definitions (default: paths from tracker-sync.yaml, else ./trackers)")
    .option("--config <file>", "Config file (default: ./tracker-sync.yaml when present)");
}

/** `--api-generation N` for the commands that talk to the API; src/cli/project-flags.ts checks the value. */
function apiGenerationOption(extra = ""): Option {
  return new Option("--api-generation <n>", `1 (default) or 2: the Symbl trackers API generation; overrides api.generation${extra}`);
}

// The commands check the value themselves so the message names every accepted format in one sentence.
function formatOption(formats: readonly string[], description: string): Option {
  return new Option("--format <format>", description).default(formats[0]);
}
