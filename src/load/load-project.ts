import path from "node:path";
import { parseConfig, cloneDefaults } from "../config/parse-config.js";
import { CONFIG_FILE_NAME, type Config } from "../model/config.js";
import { compareFindings, countErrors, type Finding } from "../model/finding.js";
import type { TrackerDefinition } from "../model/tracker.js";
import { UserError } from "../errors.js";
import { applySeverities } from "../validate/apply-severities.js";
import { RULES } from "../validate/rules.js";
import { validateFiles } from "../validate/validate-files.js";
import { describeFsError, displayPath, listDefinitionPaths, readDefinitionFiles } from "./read-definition-paths.js";
import { checkInsideBoundary, findCliBoundary, type ProjectBoundary } from "./project-boundary.js";
import { resolveConfigDirectory, resolveConversationsDir } from "./project-paths.js";
import { readBoundedFile } from "./read-bounded-file.js";

/** tracker-sync.yaml is a few lines; anything this large is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadProjectOptions {
  cwd: string;
  /** Definitions directory or file; overrides config.paths (CLI --path). */
  path?: string;
  /** Config file (CLI --config); default `<cwd>/tracker-sync.yaml` if it exists, else DEFAULT_CONFIG. */
  configPath?: string;
  /** Explicit files/dirs (validate [paths...]); override both. */
  paths?: string[];
  /** Where files may come from; the Action refuses anything outside, the CLI (the default) warns. */
  boundary?: ProjectBoundary;
}

export interface ProjectLoad {
  config: Config;
  configFile?: string;
  /** Definition files read, as display paths. */
  files: string[];
  /** Every document that parsed into a usable tracker, retired ones included. */
  trackers: TrackerDefinition[];
  /** Sorted with compareFindings, severities after config overrides. */
  findings: Finding[];
  errorCount: number;
  /** The boundary the files were checked against; conversations read later are checked against it too. */
  boundary: ProjectBoundary;
}

/**
 * Reads the config and the definition files, then validates them. File problems are findings; only a
 * config file named explicitly (--config) that cannot be read throws a UserError.
 */
export async function loadProject(options: LoadProjectOptions): Promise<ProjectLoad> {
  const { cwd } = options;
  const boundary = options.boundary ?? findCliBoundary(cwd);
  const configLoad = await loadConfig(cwd, options.configPath, boundary);
  const { config } = configLoad;
  const baseDirectory = resolveConfigDirectory(cwd, configLoad.configFile);
  const targets =
    options.paths && options.paths.length > 0
      ? options.paths.map((target) => path.resolve(cwd, target))
      : options.path
        ? [path.resolve(cwd, options.path)]
        : config.paths.map((target) => path.resolve(baseDirectory, target));
  const listed = await listDefinitionPaths(cwd, targets, boundary);
  const read = await readDefinitionFiles(cwd, listed.paths, boundary);
  const conversationsDir = resolveConversationsDir(cwd, { config, ...(configLoad.configFile ? { configFile: configLoad.configFile } : {}) });
  const conversationsOutside = await checkInsideBoundary(boundary, `The conversations directory '${displayPath(cwd, conversationsDir)}'`, conversationsDir);
  if (conversationsOutside)
    listed.findings.push({ rule: "path-outside-project", severity: RULES["path-outside-project"].severity, message: conversationsOutside, file: configLoad.configFile ?? ".", line: 1, column: 1 });
  const validation = validateFiles(read.files, config);
  const files = read.files.map((file) => file.path);
  const fileFindings = [...configLoad.findings, ...listed.findings, ...read.findings];
  if (listed.paths.length === 0 && listed.findings.length === 0) fileFindings.push(describeNoDefinitions(cwd, targets, config));
  const findings = [...validation.findings, ...applySeverities(fileFindings, config.rules)].sort(compareFindings);
  const result: ProjectLoad = {
    config,
    files,
    trackers: validation.trackers,
    findings,
    errorCount: countErrors(findings),
    boundary,
  };
  if (configLoad.configFile) result.configFile = configLoad.configFile;
  return result;
}

/**
 * Existing but empty definition paths: validate and plan say the same thing (one finding), instead of a clean
 * validate and a plan that reaches the API only to refuse an empty desired set.
 */
function describeNoDefinitions(cwd: string, targets: readonly string[], config: Config): Finding {
  const shown = targets.map((target) => displayPath(cwd, target));
  const where = shown.map((target) => `'${target}'`).join(", ");
  const severity = config.guards.allowEmpty ? "warning" : RULES["definitions-none"].severity;
  return {
    rule: "definitions-none",
    severity,
    message: `No tracker definition files (.yaml or .yml) in ${where}. Add one ('tracker-sync init' writes an example), or point paths in tracker-sync.yaml or --path at your definitions.${config.guards.allowEmpty ? "" : " To empty the account on purpose, set guards.allowEmpty: true."}`,
    file: shown[0] ?? ".",
    line: 1,
    column: 1,
  };
}

/** Reads tracker-sync.yaml (or --config); a missing default file means the defaults. */
export async function loadConfig(cwd: string, configPath: string | undefined, boundary?: ProjectBoundary): Promise<{ config: Config; configFile?: string; findings: Finding[] }> {
  const explicit = configPath !== undefined;
  const full = path.resolve(cwd, configPath ?? CONFIG_FILE_NAME);
  const shown = displayPath(cwd, full);
  let content: Buffer;
  const findings: Finding[] = [];
  try {
    const outside = await checkInsideBoundary(boundary, `The config file '${shown}'`, full);
    if (outside) findings.push({ rule: "path-outside-project", severity: RULES["path-outside-project"].severity, message: outside, file: shown, line: 1, column: 1 });
    const read = await readBoundedFile(full, MAX_CONFIG_BYTES);
    if (!read.ok) {
      const why = read.reason === "too-large" ? `it is larger than ${MAX_CONFIG_BYTES / 1024} KiB` : `it is ${read.kind}, not a regular file`;
      throw new UserError(`Cannot read the config file '${shown}': ${why}. Point --config at a tracker-sync.yaml file.`);
    }
    content = read.content;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as { code?: string }).code;
    if (!explicit && code === "ENOENT") return { config: cloneDefaults(), findings: [] };
    throw new UserError(`Cannot read the config file '${shown}': ${describeFsError(error)}.`);
  }
  const parsed = parseConfig(shown, content);
  return { config: parsed.config, configFile: shown, findings: [...findings, ...parsed.findings] };
}
