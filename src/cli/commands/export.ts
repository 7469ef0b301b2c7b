import { mkdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { createApiFactory } from "../../client/create-api-factory.js";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { buildExportFiles } from "../../export/build-export-files.js";
import { loadConfig } from "../../load/load-project.js";
import { resolveConfigDirectory } from "../../load/project-paths.js";
import { countErrors } from "../../model/finding.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { readApiGenerationFlag, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";
import { inspectExportTarget, writeExportFile } from "../../export/write-export-file.js";
import { LOCK_TRACKER_NAME } from "../../model/reserved-names.js";

const HELP = `Usage: tracker-sync export [options]

Write every live tracker as one YAML file in the trackers/ format. Running plan afterwards shows no changes.

Options:
  --out DIR        Directory to write (default: the first of the config's paths, else ./trackers)
  --config FILE    Config file (default: ./tracker-sync.yaml when present); its apiUrl and paths apply
  --force          Overwrite files whose content differs
  --api-generation N
                   1 (default) or 2: the Symbl trackers API generation; overrides api.generation.
                   Generation 2 also writes description, categories and languages, and skips
                   Symbl's pre-added (managed) trackers
  -h, --help       Show this help

Environment: SYMBL_API_URL (default https://api.symbl.ai, overrides the config's apiUrl),
SYMBL_APP_ID + SYMBL_APP_SECRET or SYMBL_ACCESS_TOKEN.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: "string" },
      config: { type: "string" },
      force: { type: "boolean" },
      "api-generation": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const generationFlag = readApiGenerationFlag(values["api-generation"]);
  const loaded = await loadConfig(io.cwd, values.config);
  const { configFile, findings } = loaded;
  const config = generationFlag.apiGeneration !== undefined ? { ...loaded.config, api: { ...loaded.config.api, generation: generationFlag.apiGeneration } } : loaded.config;
  if (countErrors(findings) > 0) {
    io.stderr(renderFindingsText(findings, { color: shouldUseColor(io) }));
    io.stderr("Fix the config file above, then run export again.\n");
    return EXIT_ERROR;
  }
  const configDir = resolveConfigDirectory(io.cwd, configFile);
  const outDir = values.out !== undefined ? resolve(io.cwd, values.out) : resolve(configDir, config.paths[0] ?? "trackers");
  const shownOut = relative(io.cwd, outDir) || ".";
  const schemaPath = relative(outDir, join(io.cwd, "schemas", "tracker.schema.json")).split(sep).join("/");
  const api = createApiFactory({ env: io.env })(config);
  // The apply lock is tracker-sync's own, never a definition.
  const live = (await api.listTrackers()).filter((tracker) => tracker.name !== LOCK_TRACKER_NAME);
  const files = buildExportFiles(live, { schemaPath, apiGeneration: config.api.generation });

  const conflicts: string[] = [];
  const refused: string[] = [];
  const toWrite: typeof files = [];
  for (const file of files) {
    const target = await inspectExportTarget(join(outDir, file.fileName));
    if (target.kind === "refused") {
      refused.push(`${join(shownOut, file.fileName)} ${target.reason}`);
      continue;
    }
    if (target.kind === "file" && target.content === file.content) continue;
    if (target.kind === "file" && !values.force) conflicts.push(join(shownOut, file.fileName));
    toWrite.push(file);
  }
  if (refused.length > 0) {
    throw new UserError(`Export never writes through a symbolic link or over a special file, not even with --force: ${refused.join("; ")}. Nothing was written. Remove or rename them, or export to another directory with --out.`);
  }
  if (conflicts.length > 0) {
    throw new UserError(
      `Export would overwrite ${conflicts.length} file(s) whose content differs: ${conflicts.join(", ")}. Nothing was written. Commit or move them, or run export --force to overwrite.`,
    );
  }
  await mkdir(outDir, { recursive: true });
  for (const file of toWrite) await writeExportFile(join(outDir, file.fileName), join(shownOut, file.fileName), file.content);
  const skipped = live.length - files.length;
  const skippedNote = skipped > 0 ? ` Skipped ${skipped} Symbl-managed tracker(s); plan lists them as unmanaged and never changes them.` : "";
  io.stdout(`Exported ${files.length} tracker(s) to ${shownOut}: ${toWrite.length} written, ${files.length - toWrite.length} already up to date.${skippedNote}\n`);
  return EXIT_OK;
}
