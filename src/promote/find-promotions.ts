import type { TrackerDefinition } from "../model/tracker.js";
import { compareText } from "../plan/fingerprint.js";

/** A tracker that exists in `from` but not in `to`, and where its `environments:` list is written. */
export interface Promotion {
  name: string;
  retired: boolean;
  file: string;
  documentIndex: number;
  line: number;
  environments: string[];
}

/**
 * The trackers promoting `from` to `to` would enable in `to`: those whose `environments:` list names `from`
 * but not `to`. Trackers without the key are already everywhere. Sorted by file, then name. Pure.
 */
export function findPromotions(trackers: readonly TrackerDefinition[], from: string, to: string): Promotion[] {
  return trackers
    .filter((tracker) => tracker.environments?.includes(from) && !tracker.environments.includes(to))
    .map((tracker) => ({
      name: tracker.name,
      retired: tracker.retired,
      file: tracker.source.file,
      documentIndex: tracker.source.documentIndex,
      line: tracker.source.name.line,
      environments: [...tracker.environments!],
    }))
    .sort((a, b) => compareText(a.file, b.file) || compareText(a.name, b.name));
}
