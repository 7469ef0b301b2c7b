import { LOCK_TRACKER_NAME } from "../../model/reserved-names.js";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTrackersApi } from "../../client/create-trackers-api.js";
import { EXIT_OK, UserError } from "../../errors.js";
import { buildExportFiles } from "../../export/build-export-files.js";
import { buildScaffoldFiles, TRACKERS_DIRECTORY, type ScaffoldFile } from "../../init/scaffold-files.js";
import type { CliIo } from "../io.js";
import { ACTION_MAJOR_TAG, ACTION_REPOSITORY } from "../package-info.js";
import { resolveSchemaReference } from "../schema-reference.js";

export type InitOptions = { dir?: string; fromAccount?: boolean; force?: boolean; action?: string; environments?: string };

export async function run(values: InitOptions, io: CliIo): Promise<number> {
  const root = path.resolve(io.cwd, values.dir ?? ".");
  const schemaReference = (file: string, from: string) => resolveSchemaReference(root, from, file);
  const exported = values.fromAccount ? await exportAccount(io, schemaReference("tracker.schema.json", TRACKERS_DIRECTORY)) : undefined;
  const actionRef = values.action ?? `${ACTION_REPOSITORY}@${ACTION_MAJOR_TAG}`;
  // It lands in a workflow's `uses:` line: only OWNER/REPO[/PATH]@REF, nothing YAML could read as more.
  if (!/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[\w./-]+$/.test(actionRef)) {
    throw new UserError(`--action '${values.action}' is not an Action reference; use OWNER/REPO@REF, e.g. ${ACTION_REPOSITORY}@${ACTION_MAJOR_TAG} or a commit SHA.`);
  }
  const environments = parseEnvironmentNames(values.environments);
  const files = buildScaffoldFiles({ actionRef, schemaReference, ...(exported ? { exported } : {}), ...(environments ? { environments } : {}) });

  const existing = await Promise.all(files.map((file) => readFile(path.join(root, file.path), "utf8").catch(() => undefined)));
  const conflicts = files.filter((file, index) => existing[index] !== undefined && existing[index] !== file.content);
  if (conflicts.length > 0 && !values.force) {
    throw new UserError(
      `init would overwrite ${conflicts.length} existing file(s) whose content differs: ${conflicts.map((file) => file.path).join(", ")}. Nothing was written. Move or commit them and compare, or run init --force to overwrite.`,
    );
  }
  const toWrite = files.filter((_, index) => existing[index] !== files[index]!.content);
  for (const file of toWrite) await writeScaffoldFile(root, file);

  const shownRoot = path.relative(io.cwd, root) || ".";
  const written = toWrite.map((file) => `  ${existing[files.indexOf(file)] === undefined ? "created    " : "overwrote  "} ${file.path}`);
  const kept = files.length - toWrite.length;
  io.stdout(`${[`Set up tracker-sync in ${shownRoot}:`, ...written, ...(kept > 0 ? [`  (${kept} file(s) already up to date)`] : [])].join("\n")}\n`);
  if (exported && exported.length === 0) io.stdout("The account has no trackers, so the example tracker was written instead.\n");
  io.stdout(environments ? describeEnvironmentNextSteps(actionRef, environments) : describeNextSteps(actionRef));
  return EXIT_OK;
}

/** `--environments staging,production`: names as tracker-sync.yaml accepts them, in apply order. */
function parseEnvironmentNames(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const invalid = names.filter((name) => !/^[a-z][a-z0-9_-]{0,31}$/.test(name) || name === "all");
  if (names.length === 0 || invalid.length > 0) {
    throw new UserError(
      `--environments '${value}' is not a list of environment names: use lower-case letters, digits, '-' and '_' (not 'all'), comma-separated in apply order, e.g. staging,production.`,
    );
  }
  if (new Set(names).size !== names.length) throw new UserError(`--environments '${value}' names an environment twice.`);
  return names;
}

async function exportAccount(io: CliIo, schemaPath: string) {
  const api = createTrackersApi({ env: io.env });
  // The apply lock is tracker-sync's own, never a definition (as in export).
  const live = (await api.listTrackers()).filter((tracker) => tracker.name !== LOCK_TRACKER_NAME);
  io.stderr(`Read ${live.length} tracker(s) from ${api.baseUrl}.\n`);
  return buildExportFiles(live, { schemaPath });
}

async function writeScaffoldFile(root: string, file: ScaffoldFile): Promise<void> {
  const target = path.join(root, ...file.path.split("/"));
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, "utf8");
  } catch (error) {
    throw new UserError(`Could not write ${file.path}: ${(error as Error).message}. Check that the directory is writable.`);
  }
}

function describeNextSteps(actionRef: string): string {
  return `
Next steps:
  1. tracker-sync validate            check the files offline
  2. tracker-sync emulator            in another terminal: a local Symbl API; it prints the SYMBL_* values
     tracker-sync plan                with those values exported, shows what apply would create
  3. On GitHub: create the environment "symbl-production" (Settings > Environments, limited to main) with
     the secrets SYMBL_APP_ID and SYMBL_APP_SECRET. The workflows use ${actionRef}.
  4. Commit, push a branch and open a pull request: the plan appears as a comment; merging applies it.
`;
}

function describeEnvironmentNextSteps(actionRef: string, environments: readonly string[]): string {
  return `
Next steps:
  1. tracker-sync validate            check the files offline
  2. tracker-sync plan --env all      plans every environment; each reads its own <NAME>_SYMBL_APP_ID and
                                      <NAME>_SYMBL_APP_SECRET (and <NAME>_SYMBL_API_URL, e.g. an emulator)
  3. On GitHub: create the environments ${environments.map((name) => `"symbl-${name}"`).join(", ")} (Settings > Environments, limited to
     main; required reviewers on the last), each with its app's SYMBL_APP_ID and SYMBL_APP_SECRET. For live
     plans on pull requests add the repository secrets ${environments.map((name) => `${name.toUpperCase().replace(/-/g, "_")}_SYMBL_APP_ID/_APP_SECRET`).join(", ")}.
     The workflows use ${actionRef}.
  4. Commit, push a branch and open a pull request: the plan comment has a section per environment; merging
     applies ${environments.join(", then ")}.
`;
}
