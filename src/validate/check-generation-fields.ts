import type { Finding } from "../model/finding.js";
import type { ApiGeneration } from "../model/config.js";
import type { ExtractedTracker } from "./extract-tracker.js";
import { locateNode } from "./locate.js";
import { RULES } from "./rules.js";

/**
 * `categories` and `languages` exist only in Symbl's generation-2 API. With generation 1 they are kept in the
 * repository and never sent, which a reader would not guess, so each one gets a warning at its key.
 */
export function checkGenerationFields(tracker: ExtractedTracker, generation: ApiGeneration): Finding[] {
  if (generation === 2) return [];
  return tracker.generationFieldKeys.map(({ field, key }) => ({
    rule: "generation-field-ignored",
    severity: RULES["generation-field-ignored"].severity,
    message: `Tracker '${tracker.definition.name}' sets ${field}, which only Symbl's generation-2 trackers API has; with api.generation 1 it stays in the repository and is never sent. Set 'api: { generation: 2 }' in tracker-sync.yaml if the account uses the newer API, or remove '${field}'.`,
    ...locateNode(tracker.context, key),
    pointer: `/${field}`,
  }));
}
