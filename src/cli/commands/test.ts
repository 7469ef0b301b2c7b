import { loadMatcher } from "../../match/analyze-text.js";
import { parseArgs } from "node:util";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { loadValidProject } from "../../preview/load-tracker-project.js";
import { renderTrackerTestsText, runTrackerTests } from "../../preview/run-tracker-tests.js";
import { readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

const HELP = `Usage: tracker-sync test [options]

Run the tests.shouldMatch / tests.shouldNotMatch examples of every tracker with the local matcher
(the same matcher as 'preview'). Each example is one message: a shouldMatch example must be matched by
at least one phrase of its tracker, a shouldNotMatch example by none. Failures are reported at the
example's file:line.

Options:
  --path DIR          Definitions directory or file (overrides the config's paths).
  --config FILE       Config file (default: tracker-sync.yaml in the working directory, if present).
  --format FORMAT     text (default) or json.
  --no-color          No colour in validation output.
  -h, --help          Show this help.

Exit codes: 0 all examples pass (or there are none), 1 a failing example or a validation error.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      path: { type: "string" },
      config: { type: "string" },
      format: { type: "string", default: "text" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (values.format !== "text" && values.format !== "json") throw new UserError(`Unknown --format '${values.format}'. Use text or json.`);
  const options = readProjectFlags(io, values);
  const color = shouldUseColor(io, values["no-color"]);
  const project = await loadValidProject(options, { stderr: io.stderr, color });
  await loadMatcher();
  const report = runTrackerTests(project.trackers);
  io.stdout(values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderTrackerTestsText(report));
  return report.failed > 0 ? EXIT_ERROR : EXIT_OK;
}
