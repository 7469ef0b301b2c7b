import type { ExportFile } from "../export/build-export-files.js";
import { renderEnvironmentApplyWorkflow, renderEnvironmentDriftWorkflow, renderEnvironmentPlanWorkflow, renderEnvironmentsBlock } from "./scaffold-environment-files.js";

export interface ScaffoldFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export interface ScaffoldOptions {
  /** `uses:` value of the released Action, e.g. `acme/tracker-sync@v1`. */
  actionRef: string;
  /** The `$schema` reference for a schema file, as seen from a directory of the repository (e.g. "trackers"). */
  schemaReference: (schemaFile: string, fromDirectory: string) => string;
  /** Trackers exported from the live account; without them, the example tracker is written. */
  exported?: readonly ExportFile[];
  /** `init --environments staging,production`: several accounts, in apply order. */
  environments?: readonly string[];
}

export const TRACKERS_DIRECTORY = "trackers";
export const CONVERSATIONS_DIRECTORY = "conversations";
export const EXAMPLE_TRACKER_PATH = `${TRACKERS_DIRECTORY}/cancellation-request.yaml`;

// Third-party actions are pinned to a commit; the comment names the release for Dependabot and for readers.
const CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0";

/** Every file `tracker-sync init` writes, in the order it reports them. Pure. */
export function buildScaffoldFiles(options: ScaffoldOptions): ScaffoldFile[] {
  const trackers =
    options.exported && options.exported.length > 0
      ? options.exported.map((file) => ({ path: `${TRACKERS_DIRECTORY}/${file.fileName}`, content: file.content }))
      : [{ path: EXAMPLE_TRACKER_PATH, content: renderExampleTracker(options.schemaReference("tracker.schema.json", TRACKERS_DIRECTORY)) }];
  const environments = options.environments && options.environments.length > 0 ? options.environments : undefined;
  const config = renderConfig(options.schemaReference("config.schema.json", "."));
  return [
    { path: "tracker-sync.yaml", content: environments ? `${config}${renderEnvironmentsBlock(environments)}` : config },
    ...trackers,
    { path: `${CONVERSATIONS_DIRECTORY}/sample-call.json`, content: SAMPLE_CONVERSATION },
    { path: ".github/workflows/trackers-pr.yml", content: environments ? renderEnvironmentPlanWorkflow(options.actionRef, environments) : renderPlanWorkflow(options.actionRef) },
    { path: ".github/workflows/trackers-apply.yml", content: environments ? renderEnvironmentApplyWorkflow(options.actionRef, environments) : renderApplyWorkflow(options.actionRef) },
    { path: ".github/workflows/trackers-drift.yml", content: environments ? renderEnvironmentDriftWorkflow(options.actionRef, environments) : renderDriftWorkflow(options.actionRef) },
  ];
}

function renderConfig(schemaReference: string): string {
  return `# yaml-language-server: $schema=${schemaReference}
#
# tracker-sync configuration. Every key is optional; run 'tracker-sync --help' for the commands.

# Where the tracker definitions live (directories or files, relative to this file).
paths:
  - ${TRACKERS_DIRECTORY}

# Delete live trackers that have no definition here. Off: trackers made in the Symbl UI survive.
prune: false

# Only live trackers whose name starts with ownership.prefix are managed (and could be pruned).
ownership: {}
#  prefix: "cc-"

# Safety guards: plan and apply refuse plans that delete too much.
guards:
  maxDeletes: 10
  maxDeletePercent: 25
  allowEmpty: false

# Per-rule severity overrides (error, warning or off), e.g.  vocabulary-too-few: off
rules: {}

# Sample conversations for 'tracker-sync test', 'preview' and the plan's match impact.
conversations: ${CONVERSATIONS_DIRECTORY}
`;
}

function renderExampleTracker(schemaReference: string): string {
  return `# yaml-language-server: $schema=${schemaReference}
# An example tracker: rename it, edit the phrases, or delete this file once you have your own.
name: Cancellation Request
description: The customer wants to cancel a subscription, plan or account.
vocabulary:
  - cancel my subscription
  - close my account
  - terminate the contract
  - stop my membership
  - end my plan
  - don't want to renew
tests:
  shouldMatch:
    - I'm calling because I want to cancel my subscription today.
    - Please close my account, I'm moving abroad.
  shouldNotMatch:
    - I want to upgrade to the premium plan.
`;
}

const SAMPLE_CONVERSATION = `${JSON.stringify(
  {
    name: "Sample call: cancellation",
    messages: [
      ["Agent", "agent@contact-centre.example", "Thanks for calling. How can I help you today?"],
      ["Customer", "customer@example.com", "Hi. I'd like to cancel my subscription, please."],
      ["Agent", "agent@contact-centre.example", "I can help with that. May I ask why you want to end your plan?"],
      ["Customer", "customer@example.com", "I'm moving abroad, so I don't want to renew."],
    ].map(([name, userId, content], index) => ({
      payload: { content, contentType: "text/plain" },
      from: { name, userId },
      duration: { startTime: `2026-01-05T10:00:${String(index * 10).padStart(2, "0")}Z`, endTime: `2026-01-05T10:00:${String(index * 10 + 8).padStart(2, "0")}Z` },
    })),
  },
  null,
  2,
)}\n`;

const WATCHED_PATHS = `      - "${TRACKERS_DIRECTORY}/**"
      - "tracker-sync.yaml"`;

function renderPlanWorkflow(actionRef: string): string {
  return `# Validates tracker definitions and posts the plan as one sticky comment on each pull request.
# \`pull_request\` (never \`pull_request_target\`): forks get no secrets and a read-only token, and then the plan is
# offline (base branch vs pull request, no Symbl call). The job runs only the released Action, never code from
# the pull request (no install, no scripts), so it may hold the optional repository secrets for a live plan.
name: trackers-pr

on:
  pull_request:
    paths:
${WATCHED_PATHS}

permissions: {}

concurrency:
  group: trackers-pr-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  plan:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${actionRef}
        with:
          command: plan
          # Optional repository secrets: without them the plan compares base and head offline.
          symbl-app-id: \${{ secrets.SYMBL_APP_ID }}
          symbl-app-secret: \${{ secrets.SYMBL_APP_SECRET }}
`;
}

function renderApplyWorkflow(actionRef: string): string {
  return `# Applies the definitions on the default branch to the Symbl account and reports on the merged pull request.
# It refuses when the live plan differs from the one reviewed on the pull request.
name: trackers-apply

on:
  push:
    branches: [main]
    paths:
${WATCHED_PATHS}
  workflow_dispatch:

permissions: {}

# Applies never overlap and a running apply is never cancelled.
concurrency:
  group: tracker-sync-apply
  cancel-in-progress: false

jobs:
  apply:
    # Only the default branch runs with the secrets, also when started by hand (workflow_dispatch runs on any branch).
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    timeout-minutes: 20
    # Holds SYMBL_APP_ID and SYMBL_APP_SECRET: limit it to the main branch (Settings > Environments).
    environment: symbl-production
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${actionRef}
        with:
          command: apply
          symbl-app-id: \${{ secrets.SYMBL_APP_ID }}
          symbl-app-secret: \${{ secrets.SYMBL_APP_SECRET }}
`;
}

function renderDriftWorkflow(actionRef: string): string {
  return `# Compares the live Symbl account with the default branch every day; keeps one \`tracker-drift\` issue open
# while they differ and closes it when they match again.
name: trackers-drift

on:
  schedule:
    - cron: "23 6 * * *"
  workflow_dispatch:

permissions: {}

concurrency:
  group: tracker-sync-drift
  cancel-in-progress: false

jobs:
  drift:
    # Only the default branch runs with the secrets, also when started by hand (workflow_dispatch runs on any branch).
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    environment: symbl-production
    permissions:
      contents: read
      issues: write
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${actionRef}
        with:
          command: drift
          symbl-app-id: \${{ secrets.SYMBL_APP_ID }}
          symbl-app-secret: \${{ secrets.SYMBL_APP_SECRET }}
`;
}
