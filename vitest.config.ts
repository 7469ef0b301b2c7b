import { defineConfig } from "vitest/config";

/**
 * Tests that start servers, child processes, a browser or the bundler. Everything else is the `unit` project:
 * pure code and in-process CLI runs over temp directories, which must stay fast.
 */
const INTEGRATION = [
  "test/action/action-apply-drift.test.ts",
  "test/action/action-log.test.ts",
  "test/action/action-plan.test.ts",
  "test/action/apply-command.test.ts",
  "test/action/dist-up-to-date.test.ts",
  "test/action/reconstruct-base-files.test.ts",
  "test/action/sticky-comment.test.ts",
  "test/apply/apply-cli.test.ts",
  "test/apply/apply-signals.test.ts",
  "test/chaos/**/*.test.ts",
  "test/client/http-transport.test.ts",
  "test/client/network-failure.test.ts",
  "test/contract/**/*.test.ts",
  "test/emulator/**/*.test.ts",
  "test/emulator-async/**/*.test.ts",
  "test/environments/**/*.test.ts",
  "test/export/**/*.test.ts",
  "test/fuzz/**/*.test.ts",
  "test/house-rules/**/*.test.ts",
  "test/install/**/*.test.ts",
  "test/preview/report-browser.test.ts",
  "test/scenarios/**/*.test.ts",
  "test/secrets/**/*.test.ts",
  "test/security/**/*.test.ts",
];

const shared = {
  clearMocks: true,
  restoreMocks: true,
  // Property tests draw from one fixed seed in the suite; `npm run fuzz`/`npm run chaos` use fresh ones.
  setupFiles: ["test/helpers/fixed-seed.ts"],
  pool: "forks" as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: INTEGRATION,
          testTimeout: 15_000,
          hookTimeout: 15_000,
        },
      },
      {
        test: {
          ...shared,
          name: "integration",
          include: INTEGRATION,
          // Real servers and child processes on a 2-core machine that other jobs may keep busy.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
