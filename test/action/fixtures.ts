import { afterEach, expect } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";
import { PLAN_COMMENT_MARKER } from "../../src/action/sticky-comment.js";
import { startFakeGitHubServer, type FakeGitHubServer } from "../helpers/fake-github-server.js";
import { createWorkspace, trackerYaml, type ActionRun } from "./action-harness.js";

export const APP_ID = "app-id-7c41e9";
export const APP_SECRET = "app-secret-9f0d2b7a51";
export const GITHUB_TOKEN = "ghs_faketoken0123456789";

const running: Array<{ close(): Promise<void> }> = [];
/** Closes the servers a test started; call once per test file. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
}

export async function startServers(options: { initialTrackers?: Array<{ name: string; vocabulary: string[] }>; readOnly?: boolean } = {}) {
  const github = await startFakeGitHubServer({ readOnly: options.readOnly ?? false });
  const emulator = await startEmulator({ port: 0, appId: APP_ID, appSecret: APP_SECRET, initialTrackers: options.initialTrackers ?? [] });
  running.push(github, emulator);
  return { github, emulator };
}

export function credentials(emulator: RunningEmulator) {
  return { "symbl-app-id": APP_ID, "symbl-app-secret": APP_SECRET, "symbl-api-url": emulator.url, "github-token": GITHUB_TOKEN };
}

export function planComments(github: FakeGitHubServer) {
  return github.state.comments.filter((comment) => comment.body.startsWith(PLAN_COMMENT_MARKER));
}

/** Every value the run asked the runner to mask must appear nowhere else: not in the log, files, outputs or requests. */
export function expectNoSecretLeaks(run: ActionRun, github: FakeGitHubServer, mustMask: string[]) {
  const masked = run.commands.filter((command) => command.command === "add-mask").map((command) => command.message);
  for (const secret of mustMask) expect(masked).toContain(secret);
  const visibleLog = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  const places = [visibleLog, run.stderr, JSON.stringify(run.outputs), run.summary, ...Object.values(run.tempFiles), ...github.requests().map((request) => request.rawBody)];
  for (const secret of masked) for (const place of places) expect(place).not.toContain(secret);
}

export const SEED = [
  { name: "Refund Request", vocabulary: ["refund my order", "money back", "get a refund", "return for a refund", "refund please"] },
  { name: "Billing Dispute", vocabulary: ["charged twice", "wrong amount", "dispute the charge", "billing error", "overcharged"] },
];

export function workspaceWith(refundPhrases: string[]) {
  return createWorkspace({
    "trackers/refund-request.yaml": trackerYaml("Refund Request", refundPhrases),
    "trackers/billing-dispute.yaml": trackerYaml("Billing Dispute", SEED[1]!.vocabulary),
    "trackers/cancellation.yaml": trackerYaml("Cancellation Request", ["cancel my subscription", "close my account", "terminate the contract", "stop my membership", "end my plan"]),
  });
}

/** The access token the emulator issues for the test credentials (it returns the same one until expiry). */
export async function fetchAccessToken(emulator: RunningEmulator): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth2/token:generate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "application", appId: APP_ID, appSecret: APP_SECRET }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}
