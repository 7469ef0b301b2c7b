import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
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
import { escapeTerminalText } from "../../escape/terminal-text.js";
import { checkInsideBoundary, findCliBoundary } from "../../load/project-boundary.js";

const FORMATS = ["text", "json", "html"] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_HTML_OUT = path.join(".tracker-sync", "preview.html");

export type PreviewOptions = { path?: string; config?: string; conversations?: string; format: string; out?: string; color: boolean };

export async function run(values: PreviewOptions, io: CliIo): Promise<number> {
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UserError(`Unknown --format '${values.format}'. Use one of: ${FORMATS.join(", ")}.`);
  const options = readProjectFlags(io, values);
  const color = shouldUseColor(io, !values.color);
  const project = await loadValidProject(options, { stderr: io.stderr, color });
  const conversationsDir = values.conversations !== undefined ? path.resolve(io.cwd, values.conversations) : project.conversationsDir;
  if (values.conversations !== undefined) {
    // The project's own conversations directory was checked (and warned about) with the project.
    const outside = await checkInsideBoundary(findCliBoundary(io.cwd), `The conversations directory '${values.conversations}'`, conversationsDir);
    if (outside) io.stderr(`Warning: ${escapeTerminalText(outside)}\n`);
  }
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
