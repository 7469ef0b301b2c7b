import { ExitError, EXIT_ERROR } from "../errors.js";
import { loadProject, type LoadProjectOptions, type ProjectLoad } from "../load/load-project.js";
import { resolveConversationsDir } from "../load/project-paths.js";
import { renderFindingsText } from "../render/findings-text.js";

/**
 * Loads and validates the definitions for `test` and `preview`; when validation has errors, prints them
 * (as `validate` would) and stops with exit 1, because a half-loaded tracker would give wrong results.
 */
export async function loadValidProject(options: LoadProjectOptions, output: { stderr(text: string): void; color: boolean }): Promise<ProjectLoad & { conversationsDir: string }> {
  const project = await loadProject(options);
  if (project.errorCount > 0) {
    output.stderr(renderFindingsText(project.findings, { color: output.color }));
    output.stderr("Fix the errors above (see 'tracker-sync validate'), then run this command again.\n");
    throw new ExitError(EXIT_ERROR);
  }
  return { ...project, conversationsDir: resolveConversationsDir(options.cwd, project) };
}
