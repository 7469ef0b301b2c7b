import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createApiFactory } from "../client/create-api-factory.js";
import { describeMissingCredentials } from "../config/resolve-environment.js";
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, EXIT_REFUSED } from "../errors.js";
import type { EnvironmentPlanOutcome } from "../model/environment-plan.js";
import { planEnvironments } from "../pipeline/plan-environments.js";
import { renderEnvironmentPlansJson, renderEnvironmentPlansMarkdown, renderEnvironmentPlansText } from "../render/environment-plans.js";
import { renderFindingsText } from "../render/findings-text.js";
import type { CliIo } from "./io.js";
import { readApiGenerationFlag, readProjectFlags, shouldUseColor } from "./project-flags.js";

export interface EnvironmentPlansOptions {
  path?: string;
  config?: string;
  prune?: boolean;
  format: "text" | "json" | "markdown";
  out?: string;
  detailedExitcode?: boolean;
  apiGeneration?: string;
  color: boolean;
}

/**
 * `plan --env all` (and plan without --env in a repository with environments): every environment against
 * its own account with its own credentials, in apply order. Exit 1 when one could not be planned (its
 * section says why), 3 when one breaks a guard, else 2/0 as for a single plan.
 */
export async function runEnvironmentPlans(values: EnvironmentPlansOptions, io: CliIo): Promise<number> {
  const color = shouldUseColor(io, !values.color);
  const { load, environments } = await planEnvironments({
    ...readProjectFlags(io, values),
    ...readApiGenerationFlag(values.apiGeneration),
    ...(values.prune ? { prune: true } : {}),
    environment: "all",
    checkCredentials: (config) => describeMissingCredentials(config.environment!.name, config.environment!.credentials, io.env),
    api: createApiFactory({ env: io.env }),
  });
  if (load.findings.length > 0) io.stderr(renderFindingsText(load.findings, { color }));
  if (load.errorCount > 0) {
    io.stderr(`Validation found ${load.errorCount} error(s), so no plan was made. Fix them and run plan again.\n`);
    return EXIT_ERROR;
  }
  const outcomes: EnvironmentPlanOutcome[] = environments.map((entry) =>
    entry.status === "planned" ? { environment: entry.environment, status: "planned", plan: entry.plan } : { environment: entry.environment, status: "not-planned", reason: entry.reason },
  );
  const render = (format: EnvironmentPlansOptions["format"], useColor: boolean) =>
    format === "json" ? renderEnvironmentPlansJson(outcomes) : format === "markdown" ? renderEnvironmentPlansMarkdown(outcomes) : renderEnvironmentPlansText(outcomes, { color: useColor });
  io.stdout(render(values.format, color));
  // As for one plan (terraform plan -out): the saved file is the JSON apply --env NAME --plan FILE consumes.
  if (values.out) {
    const target = resolve(io.cwd, values.out);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, renderEnvironmentPlansJson(outcomes), "utf8");
    io.stderr(`Saved the plans to ${values.out}. Apply one environment's plan with 'tracker-sync apply --env NAME --plan ${values.out}'.\n`);
  }
  const notPlanned = outcomes.filter((outcome) => outcome.status === "not-planned");
  if (notPlanned.length > 0) {
    io.stderr(`Not planned: ${notPlanned.map((outcome) => outcome.environment).join(", ")} (see above); the other environments were planned.\n`);
    return EXIT_ERROR;
  }
  const plans = outcomes.flatMap((outcome) => (outcome.status === "planned" ? [outcome.plan] : []));
  if (plans.some((plan) => plan.violations.length > 0)) return EXIT_REFUSED;
  return plans.some((plan) => plan.changes.length > 0) && values.detailedExitcode ? EXIT_CHANGES : EXIT_OK;
}
