#!/usr/bin/env node
import { createInterface } from "node:readline/promises";
import { runCli } from "./main.js";
import type { CliIo } from "./io.js";

const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  async prompt(question) {
    const readline = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await readline.question(question);
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

const code = await runCli(process.argv.slice(2), io);
process.exitCode = code;
