import { loadMatcher } from "../../match/analyze-text.js";
import { EXIT_ERROR, EXIT_OK, UserError } from "../../errors.js";
import { loadValidProject } from "../../preview/load-tracker-project.js";
import { renderTrackerTestsText, runTrackerTests } from "../../preview/run-tracker-tests.js";
import { readProjectFlags, shouldUseColor } from "../project-flags.js";
import type { CliIo } from "../io.js";

export type TestOptions = { path?: string; config?: string; format: string; color: boolean };

export async function run(values: TestOptions, io: CliIo): Promise<number> {
  if (values.format !== "text" && values.format !== "json") throw new UserError(`Unknown --format '${values.format}'. Use text or json.`);
  const options = readProjectFlags(io, values);
  const color = shouldUseColor(io, !values.color);
  const project = await loadValidProject(options, { stderr: io.stderr, color });
  await loadMatcher();
  const report = runTrackerTests(project.trackers);
  io.stdout(values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderTrackerTestsText(report));
  return report.failed > 0 ? EXIT_ERROR : EXIT_OK;
}
