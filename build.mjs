// One bundler config for both entry points: the CLI and the GitHub Action.
// `node build.mjs` builds both; `node build.mjs action` or `node build.mjs cli` builds one.
// test/action/dist-up-to-date.test.ts imports the options below to check the committed dist/action.js.
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

const shared = {
  // Paths in the bundle's comments are relative to this, so the output is the same on every machine.
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: false,
  legalComments: "none",
  // Bundled ESM still meets CommonJS dependencies that call require(); give them one.
  banner: { js: REQUIRE_BANNER },
  logLevel: "warning",
};

// Commander requires node:child_process (and with it net and dgram) at load time, only to spawn executable
// subcommands, which tracker-sync does not have: load it when commander first spawns, so start-up skips it.
const lazyChildProcessInCommander = {
  name: "lazy-child-process-in-commander",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = await readFile(args.path, "utf8");
      if (!source.includes(eager)) throw new Error(`${args.path} no longer has "${eager}"; update lazyChildProcessInCommander in build.mjs.`);
      return { contents: source.replace(eager, "const childProcess = { spawn: (...spawnArgs) => require('node:child_process').spawn(...spawnArgs) };"), loader: "js" };
    });
  },
};

// The validate build (see src/cli/launch.ts) runs buildProgram for `validate` only, so no other command module is
// ever imported: they, and the phrase matcher's wink-nlp, become stubs that fail loudly instead of being bundled.
const onlyValidateCommand = {
  name: "only-validate-command",
  setup(pluginBuild) {
    const stub = (args) => ({ path: args.path, namespace: "not-in-validate-build" });
    pluginBuild.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => (args.path === "./commands/validate.js" ? undefined : stub(args)));
    pluginBuild.onResolve({ filter: /^wink-(nlp|eng-lite-web-model)$/ }, stub);
    // The validate command itself is imported statically here, so esbuild scope-hoists its modules instead of
    // wrapping each in a lazy initialiser (~3 ms of start-up).
    pluginBuild.onLoad({ filter: /[\\/]src[\\/]cli[\\/]program\.ts$/ }, async (args) => {
      const dynamic = 'import("./commands/validate.js")';
      const source = await readFile(args.path, "utf8");
      if (!source.includes(dynamic)) throw new Error(`${args.path} no longer has ${dynamic}; update onlyValidateCommand in build.mjs.`);
      return { contents: `import * as validateCommand from "./commands/validate.js";\n${source.replace(dynamic, "Promise.resolve(validateCommand)")}`, loader: "ts" };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: "not-in-validate-build" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of tracker-sync's validate build (dist/chunks/validate-cli.js); this is a bug in build.mjs.`)});`,
      loader: "js",
    }));
  },
};

const cliShared = {
  ...shared,
  outdir: "dist",
  minifyWhitespace: true,
  minifySyntax: true,
  // yaml's ES module build is scope-hoisted and tree-shaken; its CommonJS build cost a one-file validate ~4 ms
  // more to load. The code is the same apart from module syntax, except that a parser warning (which validate
  // never asks for: logLevel "error") prints through console.warn instead of process.emitWarning, and YAML 1.1
  // !!binary (which tracker-sync's core schema does not read) decodes with atob instead of Buffer.
  alias: { yaml: "./node_modules/yaml/browser/dist/index.js" },
};

export const buildOptions = {
  cli: [
    // dist/cli.js: picks one of the two builds below.
    { ...shared, entryPoints: { cli: "src/cli/launch.ts" }, outdir: "dist" },
    // Every command. Split so the phrase matcher (wink-nlp and its model, imported dynamically) is a chunk that
    // commands which do not match phrases never read.
    { ...cliShared, entryPoints: { "chunks/cli-main": "src/cli/bin.ts" }, splitting: true, chunkNames: "chunks/[name]-[hash]", plugins: [lazyChildProcessInCommander] },
    // `validate` alone, in one file.
    { ...cliShared, entryPoints: { "chunks/validate-cli": "src/cli/bin.ts" }, plugins: [lazyChildProcessInCommander, onlyValidateCommand] },
  ],
  // Whitespace-minified: esbuild otherwise keeps some of the sources' line breaks, so reformatting the sources
  // (biome format) would change the committed bundle without changing any code.
  action: { ...shared, entryPoints: { action: "src/action/main.ts" }, outdir: "dist", minifyWhitespace: true },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const wanted = process.argv.slice(2);
  for (const name of wanted.length > 0 ? wanted : Object.keys(buildOptions)) {
    const options = buildOptions[name];
    if (!options) throw new Error(`Unknown build target '${name}'; use one of ${Object.keys(buildOptions).join(", ")}.`);
    // Chunk names carry a content hash: without this, old chunks would pile up and ship in the npm package.
    if (name === "cli") rmSync(join(root, "dist", "chunks"), { recursive: true, force: true });
    if (name !== "cli") {
      await build(options);
      continue;
    }
    for (const cliOptions of options) {
      // Most CLI chunks never call require(); giving each its own createRequire and import.meta cost a one-file
      // validate ~3 ms over its dozen chunks, so the banner stays only where `require` is used.
      for (const file of (await build({ ...cliOptions, write: false })).outputFiles) {
        const [head, ...rest] = file.text.split(REQUIRE_BANNER);
        const text = rest.length === 1 && !/\brequire\b/.test(rest[0]) ? head + rest[0].replace(/^\n/, "") : file.text;
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(file.path, text, { mode: text.startsWith("#!") ? 0o755 : 0o644 });
      }
    }
  }
}
