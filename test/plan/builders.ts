import { DEFAULT_CONFIG, type Config } from "../../src/model/config.js";
import type { LiveTracker, TrackerDefinition } from "../../src/model/tracker.js";

/** A validated definition with sensible defaults; override only what a test is about. */
export function definition(name: string, vocabulary: string[], extra: Partial<TrackerDefinition> = {}): TrackerDefinition {
  const file = `trackers/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.yaml`;
  return {
    name,
    vocabulary,
    previousNames: [],
    retired: false,
    source: {
      file,
      documentIndex: 0,
      name: { file, line: 2, column: 7 },
      phrases: vocabulary.map((_, index) => ({ file, line: 4 + index, column: 5 })),
    },
    ...extra,
  };
}

export function live(id: string, name: string, vocabulary: string[]): LiveTracker {
  return { id, name, vocabulary };
}

export function config(overrides: Partial<Omit<Config, "guards" | "ownership">> & { guards?: Partial<Config["guards"]>; ownership?: Config["ownership"] } = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    ...overrides,
    guards: { ...DEFAULT_CONFIG.guards, ...overrides.guards },
    ownership: { ...DEFAULT_CONFIG.ownership, ...overrides.ownership },
  };
}

export function phrases(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix} phrase ${index + 1}`);
}
