import type { Annotation } from "./annotations.js";

/** Everything the commands may do to the runner; main builds it over @actions/core. */
export interface ActionIo {
  setSecret(value: string): void;
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
