#!/usr/bin/env node
import { runCli } from "./main.js";
import { createProcessIo } from "./process-io.js";

process.exitCode = await runCli(process.argv.slice(2), createProcessIo());
