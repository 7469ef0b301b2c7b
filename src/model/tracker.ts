/** A position in a source file, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface TrackerTests {
  shouldMatch: string[];
  shouldNotMatch: string[];
}

/** One tracker as written in the repository, after loading and validation. */
export interface TrackerDefinition {
  name: string;
  vocabulary: string[];
  description?: string;
  /** Generation-2 API only: free-form category labels (synced only with `api.generation: 2`). */
  categories?: string[];
  /** Generation-2 API only: language codes such as "en-US" (default ["en-US"] in generation 2). */
  languages?: string[];
  /** Names this tracker had before; a live tracker with one of them is renamed in place (same id). */
  previousNames: string[];
  /** A tombstone: the tracker must be deleted from the account. */
  retired: boolean;
  tests?: TrackerTests;
  /** The environments this tracker exists in (`environments: [staging]`); absent: every environment. */
  environments?: string[];
  source: TrackerSource;
}

export interface TrackerSource {
  /** Path as the user should see it (relative to the working directory when possible). */
  file: string;
  /** 0-based index of the YAML document inside the file. */
  documentIndex: number;
  /** Where the document's `name` value sits. */
  name: SourceLocation;
  /** One location per vocabulary entry, same order as `vocabulary`. */
  phrases: SourceLocation[];
  /** Locations of the `tests` examples, same order as in `tests`. */
  tests?: { shouldMatch: SourceLocation[]; shouldNotMatch: SourceLocation[] };
  /** Locations of the `environments` entries, same order as `environments`. */
  environments?: SourceLocation[];
}

/**
 * A tracker as the Symbl API returns it. Ids are opaque digit strings. The optional fields exist only in the
 * generation-2 API (see docs/emulator.md "Generation 2"); the Gen-1 client never sets them.
 */
export interface LiveTracker {
  id: string;
  name: string;
  vocabulary: string[];
  description?: string;
  categories?: string[];
  languages?: string[];
  createdOn?: string;
  updatedOn?: string;
  /** Generation 2: a Symbl pre-added ("managed") tracker; tracker-sync never changes it. */
  managed?: boolean;
}

/** The body of a create request; the optional fields are sent only by the generation-2 client. */
export interface TrackerInput {
  name: string;
  vocabulary: string[];
  description?: string;
  categories?: string[];
  languages?: string[];
}
