import { escapeCodeSpan, escapeMarkdownText } from "../escape/markdown-text.js";
import { escapeTerminalText } from "../escape/terminal-text.js";
import { createColors } from "picocolors";
import { ENVIRONMENT_PLANS_FORMAT_VERSION, type EnvironmentPlanOutcome } from "../model/environment-plan.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanText } from "./plan-text.js";

/** `plan --env all` on a terminal: one block per environment, in apply order. Pure. */
export function renderEnvironmentPlansText(outcomes: readonly EnvironmentPlanOutcome[], options: { color: boolean }): string {
  const colors = createColors(options.color);
  const blocks = outcomes.map((outcome, index) => {
    const heading = colors.bold(`Environment ${escapeTerminalText(outcome.environment)} (${index + 1} of ${outcomes.length})`);
    if (outcome.status === "not-planned") return `${heading}\n${colors.red(`Not planned: ${escapeTerminalText(outcome.reason)}`)}\n`;
    return `${heading}\n${renderPlanText(outcome.plan, options)}`;
  });
  return blocks.join("\n");
}

/** `plan --env all --format markdown`: one section per environment. Pure. */
export function renderEnvironmentPlansMarkdown(outcomes: readonly EnvironmentPlanOutcome[]): string {
  return outcomes
    .map((outcome) =>
      outcome.status === "not-planned"
        ? `### Environment \`${escapeCodeSpan(outcome.environment)}\`: not planned\n\n${escapeMarkdownText(outcome.reason)}\n`
        : renderPlanMarkdown(outcome.plan, { title: `Environment ${outcome.environment}` }),
    )
    .join("\n");
}

/** `plan --env all --format json`: every environment's plan (schemas/plan.schema.json each) or reason. */
export function renderEnvironmentPlansJson(outcomes: readonly EnvironmentPlanOutcome[]): string {
  return `${JSON.stringify({ formatVersion: ENVIRONMENT_PLANS_FORMAT_VERSION, environments: outcomes }, null, 2)}\n`;
}
