import fc from "fast-check";

/**
 * Every property test in `npm test` draws the same cases on every run, so the suite's time and verdict do not
 * depend on luck. Fresh random seeds belong to `npm run fuzz` and `npm run chaos`, which print them.
 * Loaded by vitest.config.ts as a setup file for every test file.
 */
export const SUITE_SEED = 20_261_130;

fc.configureGlobal({ seed: SUITE_SEED });
