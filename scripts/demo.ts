/**
 * The quickstart demo: a local Symbl emulator, then validate -> plan -> apply -> plan again, through the
 * real CLI in this process. Run with `npm run demo`; nothing outside this repository is contacted.
 */
import { mkdir, rm } from "node:fs/promises";
import { createColors } from "picocolors";
import { join } from "node:path";
import { createProcessIo } from "../src/cli/process-io.js";
import { runCli } from "../src/cli/main.js";
import type { CliIo } from "../src/cli/io.js";
import { DEFAULT_EMULATOR_APP_ID, DEFAULT_EMULATOR_APP_SECRET } from "../src/emulator/defaults.js";
import { startEmulator } from "../src/emulator/start-emulator.js";
import { EXIT_CHANGES, EXIT_OK } from "../src/errors.js";

const root = join(new URL(".", import.meta.url).pathname, "..");
const dataFile = join(root, ".tracker-sync", "demo-emulator.json");
const { bold } = createColors(Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined);

// A fresh account each run, so the demo always shows the same story.
await mkdir(join(root, ".tracker-sync"), { recursive: true });
await rm(dataFile, { force: true });
const emulator = await startEmulator({
  port: 0,
  dataFile,
  initialTrackers: [
    // An older version of a tracker the repository defines: plan shows a phrase-level update.
    { name: "Promotion Mention", vocabulary: ["special offer", "discount code", "promo code", "coupon", "free gift"] },
    // A tracker someone made in the Symbl UI: listed as unmanaged, never touched.
    { name: "Hold Music Complaint", vocabulary: ["on hold forever", "hold music", "waiting too long", "put me on hold", "still holding"] },
  ],
});

const { SYMBL_ACCESS_TOKEN: _ignored, ...inherited } = process.env;
const io: CliIo = {
  ...createProcessIo(),
  env: { ...inherited, SYMBL_API_URL: emulator.url, SYMBL_APP_ID: DEFAULT_EMULATOR_APP_ID, SYMBL_APP_SECRET: DEFAULT_EMULATOR_APP_SECRET },
  cwd: root,
  // The demo never runs a long-lived command; Ctrl-C simply ends the process.
  waitForSignal: () => new Promise(() => {}),
};

const steps: Array<{ title: string; explain: string; argv: string[]; expect: number[] }> = [
  {
    title: "1. validate",
    explain: "Check every file in trackers/ offline: schema, Symbl's limits and vocabulary lint.",
    argv: ["validate"],
    expect: [EXIT_OK],
  },
  {
    title: "2. plan",
    explain: "Compare the repository with the (emulated) live account: + and - per phrase, nothing is written.",
    argv: ["plan", "--detailed-exitcode"],
    expect: [EXIT_CHANGES],
  },
  {
    title: "3. apply --yes",
    explain: "Make the account match: creates in one bulk request, then updates, then a re-list to verify.",
    argv: ["apply", "--yes"],
    expect: [EXIT_OK],
  },
  {
    title: "4. plan again",
    explain: "Nothing left to do: the account now matches the repository (exit code 0).",
    argv: ["plan", "--detailed-exitcode"],
    expect: [EXIT_OK],
  },
];

process.stdout.write(
  `${bold("tracker-sync demo")}\nA local Symbl Trackers API emulator is running at ${emulator.url}\n(data file ${join(".tracker-sync", "demo-emulator.json")}, credentials ${DEFAULT_EMULATOR_APP_ID} / the default emulator secret).\n`,
);
let failed = false;
try {
  for (const step of steps) {
    process.stdout.write(`\n${bold(`== ${step.title} ==`)}\n${step.explain}\n$ tracker-sync ${step.argv.join(" ")}\n\n`);
    const code = await runCli(step.argv, io);
    if (!step.expect.includes(code)) {
      process.stderr.write(`\nThe demo step '${step.title}' exited with ${code}, expected ${step.expect.join(" or ")}. See the output above.\n`);
      failed = true;
      break;
    }
  }
} finally {
  await emulator.close();
}
if (!failed) {
  process.stdout.write(
    `\n${bold("Done.")} To try it against your own account, set SYMBL_APP_ID and SYMBL_APP_SECRET and run\n  npx tsx src/cli/bin.ts plan      (or 'tracker-sync plan' once built with npm run build)\nTo keep an emulator running for experiments: npx tsx src/cli/bin.ts emulator --data .tracker-sync/emulator.json\n`,
  );
}
process.exitCode = failed ? 1 : 0;
