import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createApiFactory } from "../../client/create-api-factory.js";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { countOutcomes, PLAN_FORMAT_VERSION, type Plan } from "../../model/plan.js";
import { applyProject } from "../../pipeline/apply-project.js";
import { renderApplyResultText } from "../../render/apply-text.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { renderPlanText } from "../../render/plan-text.js";
import { readApiGenerationFlag, readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";
import { escapeTerminalText } from "../../escape/terminal-text.js";
import { hostname } from "node:os";
import { describeLockHolder } from "../../apply/account-lock.js";

const HELP = `Usage: tracker-sync apply [options]

Make the live Symbl account match the tracker definitions. Re-reads the account, rebuilds the plan, shows
it, and asks for confirmation (on a terminal) before writing. While writing it holds the account lock
(a tracker named tracker-sync.lock), so two applies never interleave; a crashed apply's lock is removed
with 'tracker-sync unlock LOCK_ID'.

Options:
  --path DIR|FILE              Tracker definitions (default: paths from tracker-sync.yaml, else ./trackers)
  --config FILE                Config file (default: ./tracker-sync.yaml when present)
  --prune                      Delete live trackers that are not in the repository (within the ownership prefix)
  --plan FILE                  Refuse (exit 3) unless the fresh plan equals this reviewed plan (plan --format json --out FILE)
  --expect-fingerprint HASH    Refuse (exit 3) unless the fresh plan has this fingerprint
  --yes                        Do not ask; required when stdin is not a terminal
  --format FORMAT              text (default) or json (the apply result)
  --out FILE                   Also write the JSON apply result to FILE
  --api-generation N           1 (default) or 2: the Symbl trackers API generation; overrides api.generation
  --no-color                   No colour, even on a terminal
  -h, --help                   Show this help

Exit codes: 0 applied (or nothing to do), 1 error or a failed change, 3 refused by a guard or a stale plan.
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
      plan: { type: "string" },
      "expect-fingerprint": { type: "string" },
      yes: { type: "boolean", short: "y" },
      format: { type: "string", default: "text" },
      out: { type: "string" },
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
  if (format !== "text" && format !== "json") throw new UserError(`Unknown --format '${format}'. Use text or json.`);
  if (!values.yes && !io.stdinIsTTY) {
    throw new UserError("apply changes the live account and stdin is not a terminal, so it cannot ask for confirmation. Review the plan, then run apply --yes (with --plan FILE or --expect-fingerprint HASH to make sure it is the reviewed plan).");
  }
  const color = shouldUseColor(io, values["no-color"]);
  const reviewedPlan = values.plan !== undefined ? await readReviewedPlan(resolve(io.cwd, values.plan), values.plan) : undefined;
  // Human-readable text goes to stderr in json mode so stdout stays one JSON document.
  const say = format === "json" ? io.stderr : io.stdout;

  const { load, plan, result } = await applyProject({
    ...readProjectFlags(io, values),
    ...readApiGenerationFlag(values["api-generation"]),
    ...(values.prune ? { prune: true } : {}),
    ...(reviewedPlan ? { reviewedPlan } : {}),
    ...(values["expect-fingerprint"] !== undefined ? { expectFingerprint: values["expect-fingerprint"] } : {}),
    api: createApiFactory({ env: io.env }),
    lockHolder: describeLockHolder(io.env, { hostname: hostname(), pid: process.pid }),
    onWarning: (message) => io.stderr(`Warning: ${escapeTerminalText(message)}\n`),
    confirm: async (fresh) => {
      say(renderPlanText(fresh, { color }));
      if (values.yes) return true;
      const answer = await io.prompt("\nApply these changes to the live account? Only 'yes' is accepted: ");
      return answer.trim() === "yes";
    },
    ...(io.isTTY
      ? {
          onProgress: (event) => {
            if (event.status === "started") return;
            const step = event.step === 0 ? "verify" : `${event.step}/${event.total}`;
            io.stderr(`[${step}] ${event.status === "done" ? "ok    " : "FAILED"} ${escapeTerminalText(event.description)}\n`);
          },
        }
      : {}),
  });
  if (load.findings.length > 0) io.stderr(renderFindingsText(load.findings, { color }));
  if (!plan) {
    io.stderr(`Validation found ${load.errorCount} error(s), so nothing was applied. Fix them and run apply again.\n`);
    return EXIT_ERROR;
  }
  if (!result) {
    io.stderr("Apply cancelled; nothing was changed.\n");
    return EXIT_ERROR;
  }
  if (plan.changes.length === 0) say(renderPlanText(plan, { color }));
  if (format === "json") io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (plan.changes.length > 0) io.stdout(`\n${renderApplyResultText(result, { color })}`);
  if (values.out) {
    const target = resolve(io.cwd, values.out);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(result, null, 2)}\n`, "utf8");
    io.stderr(`Wrote the apply result to ${values.out}.\n`);
  }
  return countOutcomes(result, "failed") > 0 || !result.verified ? EXIT_ERROR : EXIT_OK;
}

async function readReviewedPlan(file: string, shown: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(`Cannot read the reviewed plan ${shown}. Write it with 'tracker-sync plan --format json --out ${shown}'.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`${shown} is not JSON. Write the reviewed plan with 'tracker-sync plan --format json --out ${shown}'.`);
  }
  const candidate = parsed as Partial<Plan> | null;
  if (!candidate || typeof candidate !== "object" || typeof candidate.fingerprint !== "string" || !Array.isArray(candidate.changes)) {
    throw new UserError(`${shown} is not a plan written by 'tracker-sync plan --format json'.`);
  }
  if (candidate.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new UserError(`${shown} has plan format version ${String(candidate.formatVersion)}; this tracker-sync reads version ${PLAN_FORMAT_VERSION}. Run plan again with this version.`);
  }
  return candidate as Plan;
}
