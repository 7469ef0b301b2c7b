import { isatty } from "node:tty";
import type { CliIo } from "./io.js";

/** The real terminal: process streams, environment and signals. */
export function createProcessIo(): CliIo {
  // `tracker-sync plan | head` closes the pipe early; that is the reader's choice, not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    // isatty(0), not process.stdin.isTTY: that getter opens a stdin stream, which only prompt() needs.
    stdinIsTTY: isatty(0),
    async prompt(question) {
      // Loaded here: only apply's confirmation asks, and every other command would pay for readline at start-up.
      const { createInterface } = await import("node:readline/promises");
      const readline = createInterface({ input: process.stdin, output: process.stderr });
      // On a terminal readline turns Ctrl-C into its own event; without a listener the question would hang.
      const cancel = new AbortController();
      readline.once("SIGINT", () => cancel.abort());
      try {
        return await readline.question(question, { signal: cancel.signal });
      } catch (error) {
        if (cancel.signal.aborted) {
          process.stderr.write("\n");
          return "";
        }
        throw error;
      } finally {
        readline.close();
      }
    },
    waitForSignal: () =>
      new Promise((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
      }),
  };
}
