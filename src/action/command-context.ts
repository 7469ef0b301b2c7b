import type { TrackersApi } from "../client/trackers-api.js";
import type { Config } from "../model/config.js";
import type { Finding } from "../model/finding.js";
import type { ActionIo } from "./action-io.js";
import { toAnnotations } from "./annotations.js";
import type { GitHubClient } from "./create-github-client.js";
import type { GitHubContext } from "./github-context.js";
import type { ActionInputs } from "./inputs.js";
import type { SymblEnv } from "./symbl-env.js";
import type { ProjectBoundary } from "../load/project-boundary.js";

/** What every command gets: inputs read once, the run's context, and the clients, all built in main. */
export interface CommandContext {
  inputs: ActionInputs;
  github: GitHubContext;
  io: ActionIo;
  symbl: SymblEnv;
  /** Built on first use, so validate never needs a token. */
  octokit: () => GitHubClient;
  createApi: (config: Config) => TrackersApi;
  /** The step's environment variables: per-environment credentials and origins (see environment-origins.ts). */
  processEnv?: Record<string, string | undefined>;
  /** A client over exactly these client variables (one environment's credentials and trusted origin). */
  createApiWithEnv?: (clientEnv: Record<string, string | undefined>, generation?: 1 | 2) => TrackersApi;
}

/** A failure message means the job fails with it; warnings are shown but do not fail. */
export interface CommandOutcome {
  failure?: string;
  /** 3 when a safety check refused (the CLI's code for the same); 1 otherwise. */
  exitCode?: 1 | 3;
}

/** Options for loadProject/planProject/applyProject, the same as the CLI's --path and --config. */
export function projectOptions(inputs: ActionInputs, github: GitHubContext): { cwd: string; path?: string; configPath?: string; apiGeneration?: 1 | 2; boundary: ProjectBoundary } {
  return {
    cwd: github.workspace,
    // The checkout is pull-request content: nothing it names may reach outside the workspace.
    boundary: { root: github.workspace, outside: "refuse" },
    ...(inputs.path !== undefined ? { path: inputs.path } : {}),
    ...(inputs.config !== undefined ? { configPath: inputs.config } : {}),
    ...(inputs.apiGeneration !== undefined ? { apiGeneration: inputs.apiGeneration } : {}),
  };
}

/** The inputs that override prune and paths (guarded-settings.ts), the same for plan and apply. */
export function guardedOverrides(inputs: ActionInputs): { prune?: boolean; path?: string } {
  return {
    ...(inputs.prune !== undefined ? { prune: inputs.prune } : {}),
    ...(inputs.path !== undefined ? { path: inputs.path } : {}),
  };
}

/** GitHub displays at most this many error and this many warning annotations per step. */
const SHOWN_ANNOTATIONS_PER_LEVEL = 10;

/** One annotation per finding, on its file and line. */
export function annotateFindings(context: CommandContext, findings: readonly Finding[]): void {
  const where = { projectDir: context.github.workspace, workspace: context.github.workspace };
  for (const annotation of toAnnotations(findings, where)) context.io.annotate(annotation);
  const errors = findings.filter((finding) => finding.severity === "error").length;
  if (errors > SHOWN_ANNOTATIONS_PER_LEVEL || findings.length - errors > SHOWN_ANNOTATIONS_PER_LEVEL) {
    context.io.info(
      `GitHub shows only ${SHOWN_ANNOTATIONS_PER_LEVEL} errors and ${SHOWN_ANNOTATIONS_PER_LEVEL} warnings per step on the Files tab; all ${findings.length} findings are listed in the job summary.`,
    );
  }
}

/** The job failure message when validation found errors. */
export function describeValidationFailure(errorCount: number): string {
  return `Validation found ${errorCount === 1 ? "1 error" : `${errorCount} errors`} in the tracker definitions; each is annotated on its file and line. Fix them and push again.`;
}

/** GitHub answers 403 when the workflow token may not write (pull requests from forks get a read-only token). */
export function isPermissionError(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return status === 403 || status === 401;
}
