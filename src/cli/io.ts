/** Everything a command may touch of the outside world, so commands run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stdout is a terminal: colour and progress are allowed. */
  isTTY: boolean;
  /** stdin is a terminal: confirmation prompts are possible. */
  stdinIsTTY: boolean;
  /** Asks a question on the terminal and returns the answer. */
  prompt(question: string): Promise<string>;
  /** Resolves when the user interrupts (SIGINT/SIGTERM); used by long-running commands. */
  waitForSignal(): Promise<string>;
}
