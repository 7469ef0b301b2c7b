import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { loadProject } from "../../load/load-project.js";
import { renderFindingsGithub } from "../../render/findings-github.js";
import { renderFindingsJson } from "../../render/findings-json.js";
import { renderFindingsText, summarise } from "../../render/findings-text.js";
import { readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

const FORMATS = ["text", "json", "github"] as const;
type Format = (typeof FORMATS)[number];

export type ValidateOptions = { path?: string; config?: string; format: string; color: boolean; paths: string[] };

export async function run(values: ValidateOptions, io: CliIo): Promise<number> {
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UserError(`Unknown --format '${values.format}'. Use one of: ${FORMATS.join(", ")}.`);
  }
  const options = readProjectFlags(io, values);
  if (values.paths.length > 0) options.paths = values.paths;
  const project = await loadProject(options);
  switch (format) {
    case "json":
      io.stdout(renderFindingsJson(project.findings, { files: project.files }));
      break;
    case "github":
      io.stdout(renderFindingsGithub(project.findings));
      io.stdout(`${summarise(project.findings)}\n`);
      break;
    default: {
      const color = shouldUseColor(io, !values.color);
      io.stdout(renderFindingsText(project.findings, { color }));
    }
  }
  return project.errorCount > 0 ? EXIT_ERROR : EXIT_OK;
}
