/** The documented `GET /v1/conversations/{id}/trackers-detected` response items (Symbl D-detected). */
export interface MessageRef {
  id: string;
  text: string;
  /** Character index of an exact match in `text`; -1 for a match on word forms. */
  offset: number;
}

export interface TrackerMatch {
  type: "vocabulary";
  /** The vocabulary phrase that matched. */
  value: string;
  messageRefs: MessageRef[];
  /** Insights are not produced locally, so this is always empty. */
  insightRefs: never[];
}

export interface TrackerDetected {
  id: string;
  name: string;
  matches: TrackerMatch[];
}

/** A tracker as the matcher takes it: a saved one has an id, an inline one gets a derived id. */
export interface MatcherTracker {
  id?: string;
  name: string;
  vocabulary: string[];
}
