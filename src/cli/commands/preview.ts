import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { EXIT_OK, UserError } from "../../errors.js";
import { loadMatcher } from "../../match/analyze-text.js";
import { compileTrackers } from "../../match/compile-trackers.js";
import { buildPreview } from "../../preview/build-preview.js";
import { loadConversations } from "../../preview/load-conversations.js";
import { loadValidProject } from "../../preview/load-tracker-project.js";
import { renderPreviewText } from "../../preview/render-preview-text.js";
import { renderReportHtml } from "../../preview/render-report-html.js";
import { readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

const HELP = `Usage: tracker-sync preview [options]

Show what each tracker (retired ones excluded) detects in the sample conversations, using the local
matcher: exact phrase matches with their character offset, and word-form matches (offset -1).

Options:
  --path DIR            Definitions directory or file (overrides the config's paths).
  --config FILE         Config file (default: tracker-sync.yaml in the working directory, if present).
  --conversations DIR   Sample conversations, one Async Text API JSON file each
                        (default: the config's 'conversations', i.e. conversations/).
  --format FORMAT       text (default), json (trackers-detected per conversation), or html.
  --out FILE            Write the output to FILE instead of stdout. For html the default is
                        .tracker-sync/preview.html.
  --no-color            No colour in validation output.
  -h, --help            Show this help.

Exit codes: 0 preview written, 1 an error (validation errors, unreadable conversations).
`;

const FORMATS = ["text", "json", "html"] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_HTML_OUT = path.join(".tracker-sync", "preview.html");

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      path: { type: "string" },
      config: { type: "string" },
      conversations: { type: "string" },
      format: { type: "string", default: "text" },
      out: { type: "string" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UserError(`Unknown --format '${values.format}'. Use one of: ${FORMATS.join(", ")}.`);
  const options = readProjectFlags(io, values);
  const color = shouldUseColor(io, values["no-color"]);
  const project = await loadValidProject(options, { stderr: io.stderr, color });
  const conversationsDir = values.conversations !== undefined ? path.resolve(io.cwd, values.conversations) : project.conversationsDir;
  const conversations = await loadConversations(conversationsDir);
  const active = project.trackers.filter((tracker) => !tracker.retired);
  await loadMatcher();
  const compiled = compileTrackers(active.map((tracker) => ({ name: tracker.name, vocabulary: tracker.vocabulary })));
  const { preview, report } = buildPreview(compiled, conversations);

  let output: string;
  if (format === "json") output = `${JSON.stringify(preview, null, 2)}\n`;
  else if (format === "text") output = renderPreviewText(preview);
  else output = renderReportHtml(report, { title: "Tracker preview: Trackers & Analytics", readOnly: true, trackers: compiled.trackers });

  const out = values.out ?? (format === "html" ? DEFAULT_HTML_OUT : undefined);
  if (out === undefined) {
    io.stdout(output);
    return EXIT_OK;
  }
  const target = path.resolve(io.cwd, out);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, output);
  } catch (error) {
    throw new UserError(`Could not write ${out}: ${(error as Error).message}. Choose another --out path.`);
  }
  const matched = preview.trackers.filter((tracker) => tracker.matches > 0).length;
  io.stdout(`Wrote ${out}: ${preview.trackers.length} trackers (${matched} with matches) over ${conversations.length} conversations.\n`);
  return EXIT_OK;
}
