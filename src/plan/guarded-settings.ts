import type { Config } from "../model/config.js";
import type { SettingChange, SettingValue } from "../model/plan.js";
import { canonicalJson, compareText, sha256 } from "./fingerprint.js";

/**
 * The settings that decide what apply may delete or leave alone: prune, every ownership and guard setting,
 * and where definitions live (a path that no longer covers a file turns its tracker into a prune candidate).
 * Keys are flat ("guards.maxDeletes") so a change reads as one line and new guard settings are covered
 * without touching this file.
 */
export type GuardedSettings = Record<string, SettingValue>;

/** The effective values: the Action's `prune` and `path` inputs win over the config, as they do in apply. */
export function pickGuardedSettings(config: Config, overrides: { prune?: boolean; path?: string } = {}): GuardedSettings {
  const settings: GuardedSettings = {
    prune: overrides.prune ?? config.prune,
    paths: overrides.path !== undefined ? [overrides.path] : [...config.paths],
  };
  for (const [key, value] of Object.entries(config.ownership)) settings[`ownership.${key}`] = toSettingValue(value);
  for (const [key, value] of Object.entries(config.guards)) settings[`guards.${key}`] = toSettingValue(value);
  return settings;
}

/** Every setting whose value differs, in key order; a setting present on one side only is compared with null. */
export function diffGuardedSettings(before: GuardedSettings, after: GuardedSettings): SettingChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareText);
  const changes: SettingChange[] = [];
  for (const setting of keys) {
    const from = before[setting] ?? null;
    const to = after[setting] ?? null;
    if (canonicalJson(from) !== canonicalJson(to)) changes.push({ setting, before: from, after: to });
  }
  return changes;
}

/** sha256 of the settings; equal digests mean apply runs with exactly the settings the reviewed plan was made with. */
export function digestGuardedSettings(settings: GuardedSettings): string {
  const normalised = Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, value ?? null]));
  return sha256(canonicalJson(normalised));
}

/** `true`, `25`, `"acme-"`, `["trackers"]`, or "not set". */
export function formatSettingValue(value: SettingValue): string {
  return value === null ? "not set" : JSON.stringify(value);
}

function toSettingValue(value: unknown): SettingValue {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return [...value];
  return canonicalJson(value);
}
