import { escapeTerminalText } from "../../escape/terminal-text.js";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createTwoFilesPatch } from "diff";
import { selectEnvironments } from "../../config/resolve-environment.js";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { loadProject } from "../../load/load-project.js";
import { countErrors } from "../../model/finding.js";
import { addEnvironmentToSource } from "../../promote/add-environment-to-source.js";
import { findPromotions, type Promotion } from "../../promote/find-promotions.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { validateFiles } from "../../validate/validate-files.js";
import type { CliIo } from "../io.js";
import { readProjectFlags, shouldUseColor } from "../project-flags.js";

export type PromoteOptions = { from: string; to: string; only?: string[]; write?: boolean; path?: string; config?: string; color: boolean };

/**
 * promote: which trackers tried only in --from would be enabled in --to, as an edit of their
 * `environments:` lists. Offline: the account changes only when the edit is merged and applied.
 */
export async function run(values: PromoteOptions, io: CliIo): Promise<number> {
  const color = shouldUseColor(io, !values.color);
  const load = await loadProject(readProjectFlags(io, values));
  if (load.errorCount > 0) {
    io.stderr(renderFindingsText(load.findings, { color }));
    io.stderr(`Validation found ${load.errorCount} error(s), so nothing can be promoted. Fix them and run promote again.\n`);
    return EXIT_ERROR;
  }
  const [from] = selectEnvironments(load.config, values.from);
  const [to] = selectEnvironments(load.config, values.to);
  if (!from || !to || values.from === "all" || values.to === "all") throw new UserError("promote needs two environment names, not 'all'.");
  if (from.name === to.name) throw new UserError(`--from and --to are both '${from.name}'; name two different environments.`);

  let promotions = findPromotions(load.trackers, from.name, to.name);
  if (values.only) {
    const unknown = values.only.filter((name) => !promotions.some((promotion) => promotion.name === name));
    if (unknown.length > 0) {
      throw new UserError(`Not a tracker that is in '${from.name}' but not in '${to.name}': ${unknown.map((name) => `'${name}'`).join(", ")}. Run promote without --only to list them.`);
    }
    promotions = promotions.filter((promotion) => values.only!.includes(promotion.name));
  }
  if (promotions.length === 0) {
    io.stdout(`Nothing to promote: every tracker in '${from.name}' is already in '${to.name}'.\n`);
    return EXIT_OK;
  }

  const edits = await editFiles(io.cwd, promotions, to.name);
  const after = await Promise.all(load.files.map(async (file) => ({ path: file, content: edits.get(file)?.after ?? (await readFile(resolve(io.cwd, file))) })));
  const validation = validateFiles(after, load.config);
  if (countErrors(validation.findings) > 0) {
    io.stderr(renderFindingsText(validation.findings, { color }));
    throw new UserError(`Promoting to '${to.name}' would make the definitions invalid (see above), so nothing was written. Fix that first (for example the ownership prefix of '${to.name}').`);
  }

  io.stdout(
    `${promotions.length === 1 ? "1 tracker is" : `${promotions.length} trackers are`} in '${from.name}' but not in '${to.name}'; promoting enables ${promotions.length === 1 ? "it" : "them"} there:\n`,
  );
  for (const promotion of promotions) io.stdout(`  ${describePromotion(promotion)}\n`);
  io.stdout("\n");
  // File names and YAML text are repository (possibly pull-request) content: escaped for the terminal line by line.
  for (const [file, edit] of edits) {
    const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, edit.before, edit.after, "", "", { context: 2 }).replace(/^=+\n/, "");
    io.stdout(patch.split("\n").map(escapeTerminalText).join("\n"));
  }
  if (!values.write) {
    io.stdout(
      `\nNothing was written. Run again with --write to edit ${edits.size === 1 ? "the file" : `the ${edits.size} files`}, then commit and open a pull request: its plan for '${to.name}' shows what the promotion changes there.\n`,
    );
    return EXIT_OK;
  }
  for (const [file, edit] of edits) await writeFile(resolve(io.cwd, file), edit.after, "utf8");
  io.stdout(`\nEdited ${edits.size === 1 ? "1 file" : `${edits.size} files`}. Commit and open a pull request; its plan for '${to.name}' shows what the promotion changes there.\n`);
  return EXIT_OK;
}

async function editFiles(cwd: string, promotions: readonly Promotion[], to: string): Promise<Map<string, { before: string; after: string }>> {
  const byFile = new Map<string, number[]>();
  for (const promotion of promotions) byFile.set(promotion.file, [...(byFile.get(promotion.file) ?? []), promotion.documentIndex]);
  const edits = new Map<string, { before: string; after: string }>();
  for (const [file, documentIndexes] of byFile) {
    const before = await readFile(resolve(cwd, file), "utf8");
    try {
      edits.set(file, { before, after: addEnvironmentToSource(before, documentIndexes, to) });
    } catch (error) {
      throw new UserError(`Cannot edit ${file}: ${(error as Error).message} Run promote again.`);
    }
  }
  return edits;
}

function describePromotion(promotion: Promotion): string {
  const what = promotion.retired ? "retired (the tombstone applies there too)" : "enabled";
  return `${escapeTerminalText(promotion.name)}  ${escapeTerminalText(promotion.file)}:${promotion.line}  environments [${promotion.environments.map(escapeTerminalText).join(", ")}] -> ${what}`;
}
