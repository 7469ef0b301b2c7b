import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator/start-emulator.js";

// Distinctive per-environment credentials, so a leak to the wrong origin is visible in any log or body.
export const STAGING = { appId: "staging-app-id-7f3a", appSecret: "staging-secret-Q9x2Lm4Vb8" };
export const PRODUCTION = { appId: "production-app-id-c81d", appSecret: "production-secret-Zt6Kp1Wd3R" };

export const REFUND_YAML = `name: Refund Request
vocabulary: [refund, money back, return the item, cancel my order, chargeback]
`;

// A new tracker tried in staging first; the comments must survive promote --write.
export const RETENTION_YAML = `# Tried in staging first (see the retention experiment).
name: Retention Offer
environments: [staging] # promote when it works
vocabulary:
  - stay with us
  - special offer
  - discount to stay
  - keep your account
  - loyalty offer
`;

export interface TwoEnvironments {
  dir: string;
  staging: RunningEmulator;
  production: RunningEmulator;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Two emulators (two accounts) on loopback port 0, a project with `environments:` for both, and their credentials. */
export async function startTwoEnvironments(options: { productionOrigin?: string; configExtra?: string } = {}): Promise<TwoEnvironments> {
  const staging = await startEmulator({ port: 0, ...STAGING });
  const production = await startEmulator({ port: 0, ...PRODUCTION });
  const dir = mkdtempSync(join(tmpdir(), "tracker-sync-envs-"));
  mkdirSync(join(dir, "trackers"));
  writeFileSync(join(dir, "trackers", "refund-request.yaml"), REFUND_YAML);
  writeFileSync(join(dir, "trackers", "retention-offer.yaml"), RETENTION_YAML);
  writeFileSync(
    join(dir, "tracker-sync.yaml"),
    `paths: [trackers]
environments:
  - name: staging
    apiUrl: ${staging.url}
    credentials: { appId: STAGING_SYMBL_APP_ID, appSecret: STAGING_SYMBL_APP_SECRET }
    prune: true
  - name: production
    apiUrl: ${options.productionOrigin ?? production.url}
    credentials: { appId: PRODUCTION_SYMBL_APP_ID, appSecret: PRODUCTION_SYMBL_APP_SECRET }
    guards: { maxDeletes: 0 }
${options.configExtra ?? ""}`,
  );
  const env = {
    STAGING_SYMBL_APP_ID: STAGING.appId,
    STAGING_SYMBL_APP_SECRET: STAGING.appSecret,
    PRODUCTION_SYMBL_APP_ID: PRODUCTION.appId,
    PRODUCTION_SYMBL_APP_SECRET: PRODUCTION.appSecret,
  };
  return { dir, staging, production, env, close: async () => void (await Promise.all([staging.close(), production.close()])) };
}
