import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createApiFactory } from "../../client/create-api-factory.js";
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, EXIT_REFUSED, UserError } from "../../errors.js";
import { loadConfig } from "../../load/load-project.js";
import { planProject } from "../../pipeline/plan-project.js";
import { hasEnvironments } from "../../config/resolve-environment.js";
import { runEnvironmentPlans } from "../plan-environments-command.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { renderPlanJson } from "../../render/plan-json.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { renderPlanText } from "../../render/plan-text.js";
import { readApiGenerationFlag, readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

export type PlanOptions = { path?: string; config?: string; prune?: boolean; format: string; out?: string; detailedExitcode?: boolean; apiGeneration?: string; color: boolean; env?: string };

export async function run(values: PlanOptions, io: CliIo): Promise<number> {
  const format = values.format;
  if (format !== "text" && format !== "json" && format !== "markdown") {
    throw new UserError(`Unknown --format '${format}'. Use text, json or markdown.`);
  }
  const color = shouldUseColor(io, !values.color);
  if (values.env === "all" || (values.env === undefined && hasEnvironments((await loadConfig(io.cwd, values.config)).config))) {
    return runEnvironmentPlans({ ...values, format }, io);
  }
  const { load, plan } = await planProject({
    ...readProjectFlags(io, values),
    ...readApiGenerationFlag(values.apiGeneration),
    ...(values.prune ? { prune: true } : {}),
    ...(values.env !== undefined ? { environment: values.env } : {}),
    api: createApiFactory({ env: io.env }),
  });
  if (load.findings.length > 0) io.stderr(renderFindingsText(load.findings, { color }));
  if (!plan) {
    io.stderr(`Validation found ${load.errorCount} error(s), so no plan was made. Fix them and run plan again.\n`);
    return EXIT_ERROR;
  }
  io.stdout(format === "json" ? renderPlanJson(plan) : format === "markdown" ? renderPlanMarkdown(plan) : renderPlanText(plan, { color }));
  // Like `terraform plan -out`: the saved plan is the machine-readable one apply consumes, whatever was printed.
  if (values.out) {
    const target = resolve(io.cwd, values.out);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, renderPlanJson(plan), "utf8");
    io.stderr(`Saved the plan to ${values.out}. Apply exactly this plan with 'tracker-sync apply --plan ${values.out}'.\n`);
  }
  if (plan.violations.length > 0) return EXIT_REFUSED;
  return plan.changes.length > 0 && values.detailedExitcode ? EXIT_CHANGES : EXIT_OK;
}
