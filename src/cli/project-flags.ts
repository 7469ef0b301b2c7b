import { UserError } from "../errors.js";
import type { LoadProjectOptions } from "../load/load-project.js";
import type { ApiGeneration } from "../model/config.js";
import type { CliIo } from "./io.js";

/** Colour only on a terminal, never with --no-color or NO_COLOR (https://no-color.org). */
export function shouldUseColor(io: CliIo, noColorFlag = false): boolean {
  return io.isTTY && !noColorFlag && io.env.NO_COLOR === undefined;
}

/** `--path` and `--config` mean the same for every command that reads the definitions. */
export function readProjectFlags(io: CliIo, values: { path?: string | undefined; config?: string | undefined }): LoadProjectOptions {
  const options: LoadProjectOptions = { cwd: io.cwd };
  if (values.path !== undefined) options.path = values.path;
  if (values.config !== undefined) options.configPath = values.config;
  return options;
}

/** `--api-generation 1|2`: overrides `api.generation` in tracker-sync.yaml. */
export function readApiGenerationFlag(value: string | undefined): { apiGeneration?: ApiGeneration } {
  if (value === undefined) return {};
  if (value.trim() === "1") return { apiGeneration: 1 };
  if (value.trim() === "2") return { apiGeneration: 2 };
  throw new UserError(`--api-generation must be 1 (the documented 2021-22 API, default) or 2 (the late-2022 API with PATCH), got "${value}".`);
}
