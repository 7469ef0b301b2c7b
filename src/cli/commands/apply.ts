import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createApiFactory } from "../../client/create-api-factory.js";
import type { RetryEvent } from "../../client/create-trackers-api.js";
import { EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, UserError } from "../../errors.js";
import { countOutcomes, PLAN_FORMAT_VERSION, type ApplyResult, type Plan } from "../../model/plan.js";
import { applyProject } from "../../pipeline/apply-project.js";
import { renderInterruptedApplyText } from "../../render/apply-interrupted-text.js";
import { renderApplyResultText } from "../../render/apply-text.js";
import { renderFindingsText } from "../../render/findings-text.js";
import { renderPlanText } from "../../render/plan-text.js";
import { readApiGenerationFlag, readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";
import { escapeTerminalText } from "../../escape/terminal-text.js";
import { hostname } from "node:os";
import { describeLockHolder } from "../../apply/account-lock.js";

export type ApplyOptions = {
  path?: string;
  config?: string;
  prune?: boolean;
  plan?: string;
  expectFingerprint?: string;
  yes?: boolean;
  apiGeneration?: string;
  format: string;
  out?: string;
  color: boolean;
  env?: string;
};

export async function run(values: ApplyOptions, io: CliIo): Promise<number> {
  const format = values.format;
  if (format !== "text" && format !== "json") throw new UserError(`Unknown --format '${format}'. Use text or json.`);
  if (!values.yes && !io.stdinIsTTY) {
    throw new UserError(
      "apply changes the live account and stdin is not a terminal, so it cannot ask for confirmation. Review the plan, then run apply --yes (with --plan FILE or --expect-fingerprint HASH to make sure it is the reviewed plan).",
    );
  }
  const color = shouldUseColor(io, !values.color);
  const reviewedPlan = values.plan !== undefined ? await readReviewedPlan(resolve(io.cwd, values.plan), values.plan, values.env) : undefined;
  // Human-readable text goes to stderr in json mode so stdout stays one JSON document.
  const say = format === "json" ? io.stderr : io.stdout;

  // Ctrl-C stops before the next operation; the one in flight completes, so its outcome is known. A second
  // Ctrl-C meets Node's default handler and ends the process at once.
  let interrupted: string | undefined;
  void io.waitForSignal().then((signal) => {
    interrupted = signal;
    io.stderr(`\n${signal} received: stopping after the request in flight (press Ctrl-C again to abandon it; the next plan then shows its outcome).\n`);
  });
  let step = "plan";
  const { load, plan, result } = await applyProject({
    ...readProjectFlags(io, values),
    ...readApiGenerationFlag(values.apiGeneration),
    ...(values.prune ? { prune: true } : {}),
    ...(reviewedPlan ? { reviewedPlan } : {}),
    ...(values.expectFingerprint !== undefined ? { expectFingerprint: values.expectFingerprint } : {}),
    ...(values.env !== undefined ? { environment: values.env } : {}),
    api: createApiFactory({ env: io.env, onRetry: (event) => io.stderr(`[${step}] ${escapeTerminalText(describeRetry(event))}\n`) }),
    shouldStop: () => interrupted !== undefined,
    lockHolder: describeLockHolder(io.env, { hostname: hostname(), pid: process.pid }),
    onWarning: (message) => io.stderr(`Warning: ${escapeTerminalText(message)}\n`),
    confirm: async (fresh) => {
      say(renderPlanText(fresh, { color }));
      if (values.yes) return true;
      const answer = await io.prompt("\nApply these changes to the live account? Only 'yes' is accepted: ");
      return answer.trim() === "yes";
    },
    // One plain line per operation, on a terminal and in CI logs alike (retries and waits above add theirs).
    onProgress: (event) => {
      step = event.step === 0 ? "verify" : `${event.step}/${event.total}`;
      if (event.status === "started") return;
      io.stderr(`[${step}] ${event.status === "done" ? "ok    " : "FAILED"} ${escapeTerminalText(event.description)}\n`);
    },
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
  if (interrupted !== undefined && plan.changes.length > 0) {
    if (format === "json") io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    if (values.out) await writeApplyResult(io, values.out, result);
    io.stderr(renderInterruptedApplyText(result, interrupted));
    return EXIT_INTERRUPTED;
  }
  if (plan.changes.length === 0) say(renderPlanText(plan, { color }));
  if (format === "json") io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (plan.changes.length > 0) io.stdout(`\n${renderApplyResultText(result, { color })}`);
  if (values.out) await writeApplyResult(io, values.out, result);
  return countOutcomes(result, "failed") > 0 || !result.verified ? EXIT_ERROR : EXIT_OK;
}

async function writeApplyResult(io: CliIo, out: string, result: ApplyResult): Promise<void> {
  const target = resolve(io.cwd, out);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(result, null, 2)}\n`, "utf8");
  io.stderr(`Wrote the apply result to ${out}.\n`);
}

/** e.g. "retry  PUT /v1/manage/tracker/7: 503 Service Unavailable; waiting 0.4 s before attempt 2 of 6" */
export function describeRetry(event: RetryEvent): string {
  const seconds = `${(event.delayMs / 1000).toFixed(1)} s`;
  const wait = event.requestedByServer ? `the server asked to wait ${seconds}` : `waiting ${seconds}`;
  return `${event.requestedByServer ? "wait  " : "retry "} ${event.method} ${event.path}: ${event.reason}; ${wait} before attempt ${event.attempt + 1} of ${event.maxAttempts}`;
}

async function readReviewedPlan(file: string, shown: string, environment: string | undefined): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(`Cannot read the reviewed plan ${shown}. Write it with 'tracker-sync plan --out ${shown}'.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`${shown} is not JSON. Write the reviewed plan with 'tracker-sync plan --out ${shown}'.`);
  }
  const candidate = (pickEnvironmentPlan(parsed, shown, environment) ?? parsed) as Partial<Plan> | null;
  if (!candidate || typeof candidate !== "object" || typeof candidate.fingerprint !== "string" || !Array.isArray(candidate.changes)) {
    throw new UserError(`${shown} is not a plan saved by 'tracker-sync plan --out FILE'.`);
  }
  if (candidate.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new UserError(`${shown} has plan format version ${String(candidate.formatVersion)}; this tracker-sync reads version ${PLAN_FORMAT_VERSION}. Run plan again with this version.`);
  }
  return candidate as Plan;
}

/** From `plan --env all --format json`, the plan of the environment being applied. */
function pickEnvironmentPlan(parsed: unknown, shown: string, environment: string | undefined): unknown {
  const entries = (parsed as { environments?: unknown } | null)?.environments;
  if (!Array.isArray(entries)) return undefined;
  if (environment === undefined) throw new UserError(`${shown} holds the plans of several environments; name the one to apply with --env.`);
  const entry = entries.find((candidate) => (candidate as { environment?: unknown } | null)?.environment === environment) as { status?: unknown; plan?: unknown } | undefined;
  if (!entry) throw new UserError(`${shown} has no plan for environment '${environment}'. Run plan --env ${environment} again and review it.`);
  if (entry.status !== "planned")
    throw new UserError(`${shown} says environment '${environment}' was not planned, so there is no reviewed plan to apply. Run plan --env ${environment} again and review it.`);
  return entry.plan;
}
