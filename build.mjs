// One bundler config for both entry points: the CLI and the GitHub Action.
import { build } from "esbuild";

const shared = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: false,
  legalComments: "none",
  // Bundled ESM still meets CommonJS dependencies that call require(); give them one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
};

await build({ ...shared, entryPoints: { cli: "src/cli/bin.ts" }, outdir: "dist" });
await build({ ...shared, entryPoints: { action: "src/action/main.ts" }, outdir: "dist" });
