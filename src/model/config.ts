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
