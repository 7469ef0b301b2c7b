import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createApiFactory } from "../../client/create-api-factory.js";
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, EXIT_REFUSED, UserError } from "../../errors.js";
import { planProject } from "../../pipeline/plan-project.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { renderPlanJson } from "../../render/plan-json.js";
import { renderPlanMarkdown } from "../../render/plan-markdown.js";
import { renderPlanText } from "../../render/plan-text.js";
import { readApiGenerationFlag, readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

const HELP = `Usage: tracker-sync plan [options]

Compare the tracker definitions with the live Symbl account and show what apply would change.

Options:
  --path DIR|FILE        Tracker definitions (default: paths from tracker-sync.yaml, else ./trackers)
  --config FILE          Config file (default: ./tracker-sync.yaml when present)
  --prune                Delete live trackers that are not in the repository (within the ownership prefix)
  --format FORMAT        text (default), json or markdown
  --out FILE             Also write the plan in FORMAT to FILE (use --format json for apply --plan FILE)
  --detailed-exitcode    Exit 2 when there are changes (0 none, 1 error, 3 refused by a guard)
  --api-generation N     1 (default) or 2: the Symbl trackers API generation; overrides api.generation
  --no-color             No colour, even on a terminal
  -h, --help             Show this help

Environment: SYMBL_API_URL (default https://api.symbl.ai), SYMBL_APP_ID + SYMBL_APP_SECRET or SYMBL_ACCESS_TOKEN.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      path: { type: "string" },
      config: { type: "string" },
      prune: { type: "boolean" },
      format: { type: "string", default: "text" },
      out: { type: "string" },
      "detailed-exitcode": { type: "boolean" },
      "no-color": { type: "boolean" },
      "api-generation": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== "text" && format !== "json" && format !== "markdown") {
    throw new UserError(`Unknown --format '${format}'. Use text, json or markdown.`);
  }
  const color = shouldUseColor(io, values["no-color"]);
  const { load, plan } = await planProject({
    ...readProjectFlags(io, values),
    ...readApiGenerationFlag(values["api-generation"]),
    ...(values.prune ? { prune: true } : {}),
    api: createApiFactory({ env: io.env }),
  });
  if (load.findings.length > 0) io.stderr(renderFindingsText(load.findings, { color }));
  if (!plan) {
    io.stderr(`Validation found ${load.errorCount} error(s), so no plan was made. Fix them and run plan again.\n`);
    return EXIT_ERROR;
  }
  const rendered = format === "json" ? renderPlanJson(plan) : format === "markdown" ? renderPlanMarkdown(plan) : renderPlanText(plan, { color: values.out ? false : color });
  if (values.out) {
    const target = resolve(io.cwd, values.out);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, rendered, "utf8");
    io.stdout(renderPlanText(plan, { color }));
    io.stderr(`Wrote the ${format} plan to ${values.out}.\n`);
  } else {
    io.stdout(rendered);
  }
  if (plan.violations.length > 0) return EXIT_REFUSED;
  return plan.changes.length > 0 && values["detailed-exitcode"] ? EXIT_CHANGES : EXIT_OK;
}
