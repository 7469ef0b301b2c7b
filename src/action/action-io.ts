import type { Annotation } from "./annotations.js";

/** Everything the commands may do to the runner; main builds it over @actions/core. */
export interface ActionIo {
  /** Masks the value in the log and remembers it for `redact`. */
  setSecret(value: string): void;
  /** Replaces every secret seen so far with ***; for text sent to GitHub, where log masking does not apply. */
  redact(text: string): string;
  setOutput(name: string, value: string): void;
  annotate(annotation: Annotation): void;
  info(text: string): void;
  /** A warning annotation without a file. */
  warning(text: string): void;
  /** Appends Markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
  /** Directory for files that later steps may read (RUNNER_TEMP on a runner). */
  tempDir: string;
}
