#!/usr/bin/env node
// The installed `tracker-sync` binary (dist/cli.js). `validate`, the command CI runs on every push, has a build of
// its own: one file (dist/chunks/validate-cli.js) instead of the dozen chunks of the full CLI, which cost ~5 ms of
// its start-up to load. build.mjs builds both from bin.ts; the validate build holds only the validate command.
// The specifier is a variable so the bundler leaves these imports to run time.
const entry = process.argv[2] === "validate" ? "./chunks/validate-cli.js" : "./chunks/cli-main.js";
await import(entry);
