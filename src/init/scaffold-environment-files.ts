import { apiUrlVariableName, defaultCredentialNames } from "../config/resolve-environment.js";

// Same pin as the single-account workflows (scaffold-files.ts).
const CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0";
const WATCHED_PATHS = `      - "trackers/**"
      - "tracker-sync.yaml"`;

/** `init --environments staging,production`: the config's `environments:` block, in apply order. Pure. */
export function renderEnvironmentsBlock(environments: readonly string[]): string {
  const entries = environments.map((name, index) => {
    const credentials = defaultCredentialNames(name);
    const lines = [
      `  - name: ${name}`,
      `    # The NAMES of the variables holding this app's credentials (never the values).`,
      `    credentials: { appId: ${credentials.appId}, appSecret: ${credentials.appSecret} }`,
    ];
    if (index === 0 && environments.length > 1) lines.push("    prune: true                # the first environment follows the repository exactly");
    return lines.join("\n");
  });
  return `
# The accounts this repository drives, in apply order: each is planned against its own account and applied
# only after the one before it succeeded. A tracker file with 'environments: [${environments[0]}]' exists only there
# until 'tracker-sync promote --from ${environments[0]} --to ${environments[environments.length - 1]} --write' enables it further.
# Each entry may override prune, ownership and guards. The API origin is https://api.symbl.ai unless
# apiUrl is set (the CLI also reads ${apiUrlVariableName(environments[0]!)}; the Action only the workflow's symbl-api-urls).
environments:
${entries.join("\n")}
`;
}

/** The pull-request workflow: one plan comment with a section per environment. Pure. */
export function renderEnvironmentPlanWorkflow(actionRef: string, environments: readonly string[]): string {
  const env = environments
    .flatMap((name) => {
      const credentials = defaultCredentialNames(name);
      return [`          ${credentials.appId}: \${{ secrets.${credentials.appId} }}`, `          ${credentials.appSecret}: \${{ secrets.${credentials.appSecret} }}`];
    })
    .join("\n");
  return `# Validates tracker definitions and posts one sticky plan comment on each pull request, with a section per
# environment. \`pull_request\` (never \`pull_request_target\`): forks get no secrets, and every environment is then
# planned offline (base branch vs pull request). The job runs only the released Action, never pull-request code.
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
        # Optional repository secrets for live plans; an environment without them is planned offline.
        env:
${env}
        with:
          command: plan
          environment: all
          # Where each environment's credentials may be sent: decided here, never by tracker-sync.yaml.
          symbl-api-urls: |
${environments.map((name) => `            ${name}=https://api.symbl.ai`).join("\n")}
`;
}

/** The apply workflow: one job per environment, each in its own GitHub environment, chained with needs. Pure. */
export function renderEnvironmentApplyWorkflow(actionRef: string, environments: readonly string[]): string {
  const jobs = environments.map((name, index) => {
    const needs = index > 0 ? `    # Only after ${environments[index - 1]} applied cleanly: a refusal there stops this job.\n    needs: apply-${environments[index - 1]}\n` : "";
    return `  apply-${name}:
${needs}    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    timeout-minutes: 20
    # GitHub environment with this app's SYMBL_APP_ID and SYMBL_APP_SECRET${index === environments.length - 1 && index > 0 ? "; add required reviewers to approve each apply" : ""}.
    environment: symbl-${name}
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
          environment: ${name}
          symbl-app-id: \${{ secrets.SYMBL_APP_ID }}
          symbl-app-secret: \${{ secrets.SYMBL_APP_SECRET }}
          symbl-api-url: https://api.symbl.ai`;
  });
  return `# Applies the definitions on the default branch to each environment in order (${environments.join(" before ")}) and
# reports on the merged pull request. Each environment is held to the plan reviewed for it.
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
${jobs.join("\n")}
`;
}

/** The drift workflow: one matrix job per environment, one at a time, each keeping its own drift issue. Pure. */
export function renderEnvironmentDriftWorkflow(actionRef: string, environments: readonly string[]): string {
  return `# Compares each environment's live account with the default branch every day; keeps one \`tracker-drift\` issue
# per environment open while they differ and closes it when they match again.
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
    if: github.ref == 'refs/heads/main'
    strategy:
      max-parallel: 1
      fail-fast: false
      matrix:
        environment: [${environments.join(", ")}]
    runs-on: ubuntu-latest
    timeout-minutes: 10
    environment: symbl-\${{ matrix.environment }}
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
          environment: \${{ matrix.environment }}
          symbl-app-id: \${{ secrets.SYMBL_APP_ID }}
          symbl-app-secret: \${{ secrets.SYMBL_APP_SECRET }}
          symbl-api-url: https://api.symbl.ai
`;
}
