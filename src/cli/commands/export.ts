import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { createApiFactory } from "../../client/create-api-factory.js";
import { resolveEnvironmentConfig, selectEnvironments } from "../../config/resolve-environment.js";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { buildExportFiles } from "../../export/build-export-files.js";
import { loadConfig } from "../../load/load-project.js";
import { resolveConfigDirectory } from "../../load/project-paths.js";
import { countErrors } from "../../model/finding.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { readApiGenerationFlag, shouldUseColor } from "../project-flags.js";
import { resolveSchemaReference } from "../schema-reference.js";
import type { CliIo } from "../io.js";
import { inspectExportTarget, writeExportFile } from "../../export/write-export-file.js";
import { LOCK_TRACKER_NAME } from "../../model/reserved-names.js";

export type ExportOptions = { out?: string; config?: string; force?: boolean; apiGeneration?: string; env?: string };

export async function run(values: ExportOptions, io: CliIo): Promise<number> {
  const generationFlag = readApiGenerationFlag(values.apiGeneration);
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
  const schemaPath = resolveSchemaReference(io.cwd, outDir, "tracker.schema.json");
  const environment = selectEnvironments(config, values.env);
  if (environment.length > 1) throw new UserError("export writes one environment's account at a time; name it with --env NAME.");
  // With environments, the factory reads only that environment's own credentials and origin.
  const api = createApiFactory({ env: io.env })(environment[0] ? resolveEnvironmentConfig(config, environment[0]) : config);
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
    throw new UserError(
      `Export never writes through a symbolic link or over a special file, not even with --force: ${refused.join("; ")}. Nothing was written. Remove or rename them, or export to another directory with --out.`,
    );
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
