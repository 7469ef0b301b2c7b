import type { CliIo } from "../../src/cli/io.js";

export interface CapturedIo extends CliIo {
  out: string[];
  err: string[];
  readonly stdoutText: string;
  readonly stderrText: string;
  answers: string[];
}

/** An in-memory CliIo: captures output, answers prompts from a queue, never receives a signal unless sent. */
export function createCapturedIo(options: {
  cwd: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  stdinIsTTY?: boolean;
  answers?: string[];
}): CapturedIo & { sendSignal(name: string): void } {
  const out: string[] = [];
  const err: string[] = [];
  const answers = [...(options.answers ?? [])];
  let signal: ((name: string) => void) | undefined;
  const signalPromise = new Promise<string>((resolve) => (signal = resolve));
  return {
    out,
    err,
    answers,
    get stdoutText() {
      return out.join("");
    },
    get stderrText() {
      return err.join("");
    },
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env: { ...(options.env ?? {}) },
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    stdinIsTTY: options.stdinIsTTY ?? false,
    prompt: async (question) => {
      err.push(question);
      return answers.shift() ?? "";
    },
    waitForSignal: () => signalPromise,
    sendSignal: (name) => signal?.(name),
  };
}
