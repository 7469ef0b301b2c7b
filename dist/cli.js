#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/errors.ts
var EXIT_OK, EXIT_ERROR, UserError, ExitError;
var init_errors = __esm({
  "src/errors.ts"() {
    "use strict";
    EXIT_OK = 0;
    EXIT_ERROR = 1;
    UserError = class extends Error {
      exitCode = EXIT_ERROR;
      constructor(message, options) {
        super(message, options);
        this.name = "UserError";
      }
    };
    ExitError = class extends Error {
      constructor(exitCode) {
        super(`exit ${exitCode}`);
        this.exitCode = exitCode;
        this.name = "ExitError";
      }
      exitCode;
    };
  }
});

// src/cli/commands/validate.ts
var validate_exports = {};
__export(validate_exports, {
  run: () => run
});
async function run(_args, _io) {
  throw new UserError("The 'validate' command is not built yet.");
}
var init_validate = __esm({
  "src/cli/commands/validate.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/commands/plan.ts
var plan_exports = {};
__export(plan_exports, {
  run: () => run2
});
async function run2(_args, _io) {
  throw new UserError("The 'plan' command is not built yet.");
}
var init_plan = __esm({
  "src/cli/commands/plan.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/commands/apply.ts
var apply_exports = {};
__export(apply_exports, {
  run: () => run3
});
async function run3(_args, _io) {
  throw new UserError("The 'apply' command is not built yet.");
}
var init_apply = __esm({
  "src/cli/commands/apply.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/commands/export.ts
var export_exports = {};
__export(export_exports, {
  run: () => run4
});
async function run4(_args, _io) {
  throw new UserError("The 'export' command is not built yet.");
}
var init_export = __esm({
  "src/cli/commands/export.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/commands/emulator.ts
var emulator_exports = {};
__export(emulator_exports, {
  run: () => run5
});
async function run5(_args, _io) {
  throw new UserError("The 'emulator' command is not built yet.");
}
var init_emulator = __esm({
  "src/cli/commands/emulator.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/commands/test.ts
var test_exports = {};
__export(test_exports, {
  run: () => run6
});
async function run6(_args, _io) {
  throw new UserError("The 'test' command is not built yet.");
}
var init_test = __esm({
  "src/cli/commands/test.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/commands/preview.ts
var preview_exports = {};
__export(preview_exports, {
  run: () => run7
});
async function run7(_args, _io) {
  throw new UserError("The 'preview' command is not built yet.");
}
var init_preview = __esm({
  "src/cli/commands/preview.ts"() {
    "use strict";
    init_errors();
  }
});

// src/cli/bin.ts
import { createInterface } from "node:readline/promises";

// src/cli/main.ts
init_errors();
var COMMANDS = {
  validate: { summary: "Check tracker files offline: schema and vocabulary lint.", load: () => Promise.resolve().then(() => (init_validate(), validate_exports)) },
  plan: { summary: "Show what apply would change in the live account.", load: () => Promise.resolve().then(() => (init_plan(), plan_exports)) },
  apply: { summary: "Make the live account match the repository.", load: () => Promise.resolve().then(() => (init_apply(), apply_exports)) },
  export: { summary: "Write the live account's trackers as YAML files.", load: () => Promise.resolve().then(() => (init_export(), export_exports)) },
  emulator: { summary: "Run a local, durable Symbl Trackers API.", load: () => Promise.resolve().then(() => (init_emulator(), emulator_exports)) },
  test: { summary: "Run the shouldMatch/shouldNotMatch examples in tracker files.", load: () => Promise.resolve().then(() => (init_test(), test_exports)) },
  preview: { summary: "Show what each tracker detects in the sample conversations.", load: () => Promise.resolve().then(() => (init_preview(), preview_exports)) }
};
var USAGE = `Usage: tracker-sync <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`).join("\n")}

Run 'tracker-sync <command> --help' for the options of one command.
`;
async function runCli(argv, io2) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    io2.stdout(USAGE);
    return name === void 0 ? EXIT_ERROR : EXIT_OK;
  }
  if (name === "--version" || name === "-v") {
    io2.stdout(`${process.env.TRACKER_SYNC_VERSION ?? "0.1.0"}
`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io2.stderr(`Unknown command '${name}'. Run 'tracker-sync --help' to see the commands.
`);
    return EXIT_ERROR;
  }
  try {
    const module = await command.load();
    return await module.run(rest, io2);
  } catch (error) {
    return reportError(error, io2);
  }
}
function reportError(error, io2) {
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof UserError) {
    io2.stderr(`Error: ${error.message}
`);
    return error.exitCode;
  }
  if (error instanceof TypeError && /parseArgs|ERR_PARSE_ARGS/.test(String(error.code ?? error.message))) {
    io2.stderr(`Error: ${error.message}. Run with --help to see the options.
`);
    return EXIT_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  io2.stderr(`Internal error: ${message}
This is probably a bug in tracker-sync; please report it with the command you ran.
`);
  return EXIT_ERROR;
}

// src/cli/bin.ts
var io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  async prompt(question) {
    const readline = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await readline.question(question);
    } finally {
      readline.close();
    }
  },
  waitForSignal: () => new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  })
};
var code = await runCli(process.argv.slice(2), io);
process.exitCode = code;
