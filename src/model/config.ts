import { DEFAULT_PUT_BEHAVIOR, type PutBehavior } from "../contract/trackers-contract.js";

export type RuleSeverity = "error" | "warning" | "off";

/** Repository-level settings from `tracker-sync.yaml`, with defaults filled in. */
export interface Config {
  /** Definition directories or files, relative to the config file's directory. */
  paths: string[];
  /** Base URL of the Symbl API; the SYMBL_API_URL environment variable overrides it. */
  apiUrl?: string;
  /** Delete live trackers that are not in the repository (only owned ones, see `ownership`). */
  prune: boolean;
  /**
   * How the account's PUT treats the vocabulary. Under "append" (Symbl's documented behaviour) removing a
   * phrase is planned as a recreate (delete and create, new id); under "replace" it is a PUT.
   */
  putBehavior: PutBehavior;
  ownership: {
    /** Only live trackers whose name starts with this prefix are managed (and may be pruned). */
    prefix?: string;
  };
  guards: {
    /** Refuse a plan that deletes more than this many trackers. */
    maxDeletes: number;
    /** Refuse a plan that deletes more than this percentage of the managed trackers. */
    maxDeletePercent: number;
    /** Allow a desired state with no trackers at all. */
    allowEmpty: boolean;
  };
  lint: {
    maxPhraseWords: number;
    fillerOpenings: string[];
  };
  /** Per-rule severity overrides keyed by rule code. */
  rules: Record<string, RuleSeverity>;
  /** Sample conversations for `test` and `preview`. */
  conversations: string;
  api: {
    /** 1: the documented 2021-22 API (default). 2: the late-2022 API (PATCH, categories, languages). */
    generation: ApiGeneration;
  };
  /**
   * Accounts this repository drives, in apply order. Absent: one account, as configured above. See
   * src/config/resolve-environment.ts for how one is turned into the Config a plan uses.
   */
  environments?: EnvironmentConfig[];
  /** Set on the Config resolved for one environment: its name and credential variable names. */
  environment?: { name: string; credentials: EnvironmentCredentials };
}

/** The NAMES of the environment variables holding an environment's credentials, never the values. */
export interface EnvironmentCredentials {
  appId: string;
  appSecret: string;
  accessToken: string;
}

/** One account (a Symbl app) of a multi-environment repository; unset fields fall back to the top level. */
export interface EnvironmentConfig {
  /** Lower-case letters, digits, '-' and '_'; `all` is reserved for `--env all`. */
  name: string;
  /** This environment's API origin; the Action only accepts it when the workflow names the same one. */
  apiUrl?: string;
  credentials: EnvironmentCredentials;
  prune?: boolean;
  ownership?: { prefix?: string };
  guards?: Partial<Config["guards"]>;
}

export type ApiGeneration = 1 | 2;

export const DEFAULT_CONFIG: Config = {
  paths: ["trackers"],
  prune: false,
  putBehavior: DEFAULT_PUT_BEHAVIOR,
  ownership: {},
  guards: { maxDeletes: 10, maxDeletePercent: 25, allowEmpty: false },
  lint: { maxPhraseWords: 12, fillerOpenings: ["i think", "um", "uh", "like", "you know", "so"] },
  rules: {},
  conversations: "conversations",
  api: { generation: 1 },
};

export const CONFIG_FILE_NAME = "tracker-sync.yaml";
