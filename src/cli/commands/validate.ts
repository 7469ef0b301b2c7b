import { parseArgs } from "node:util";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { loadProject } from "../../load/load-project.js";
import { renderFindingsGithub } from "../../render/findings-github.js";
import { renderFindingsJson } from "../../render/findings-json.js";
import { renderFindingsText, summarise } from "../../render/findings-text.js";
import { readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

const HELP = `Usage: tracker-sync validate [paths...] [options]

Check tracker definition files offline: YAML syntax, the schema, and the vocabulary lint rules.
Without paths, validates the paths from tracker-sync.yaml (default: trackers/).

Options:
  --path DIR          Definitions directory or file (overrides the config's paths).
  --config FILE       Config file (default: tracker-sync.yaml in the working directory, if present).
  --format FORMAT     text (default), json, or github (workflow commands for annotations).
  --no-color          No colour in text output (colour is used only on a terminal).
  -h, --help          Show this help.

Exit codes: 0 no errors (warnings allowed), 1 at least one error.
`;

const FORMATS = ["text", "json", "github"] as const;
type Format = (typeof FORMATS)[number];

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
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
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UserError(`Unknown --format '${values.format}'. Use one of: ${FORMATS.join(", ")}.`);
  }
  const options = readProjectFlags(io, values);
  if (positionals.length > 0) options.paths = positionals;
  const project = await loadProject(options);
  switch (format) {
    case "json":
      io.stdout(renderFindingsJson(project.findings, { files: project.files }));
      break;
    case "github":
      io.stdout(renderFindingsGithub(project.findings));
      io.stdout(`${summarise(project.findings)}\n`);
      break;
    default: {
      const color = shouldUseColor(io, values["no-color"]);
      io.stdout(renderFindingsText(project.findings, { color }));
      if (project.files.length === 0 && project.errorCount === 0) {
        io.stderr("No tracker definition files were found. Pass paths, use --path, or set paths in tracker-sync.yaml.\n");
      }
    }
  }
  return project.errorCount > 0 ? EXIT_ERROR : EXIT_OK;
}
