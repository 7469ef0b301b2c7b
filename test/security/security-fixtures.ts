import { DEFAULT_CONFIG, type Config } from "../../src/model/config.js";
import type { LiveTracker, TrackerDefinition } from "../../src/model/tracker.js";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    paths: [...DEFAULT_CONFIG.paths],
    ownership: { ...DEFAULT_CONFIG.ownership },
    guards: { ...DEFAULT_CONFIG.guards },
    lint: { ...DEFAULT_CONFIG.lint, fillerOpenings: [...DEFAULT_CONFIG.lint.fillerOpenings] },
    rules: {},
    ...overrides,
  };
}

export function definitionOf(name: string, vocabulary: string[], extra: Partial<TrackerDefinition> = {}): TrackerDefinition {
  const file = "trackers/hostile.yaml";
  return {
    name,
    vocabulary,
    previousNames: [],
    retired: false,
    source: { file, documentIndex: 0, name: { file, line: 1, column: 7 }, phrases: vocabulary.map((_, index) => ({ file, line: 3 + index, column: 5 })) },
    ...extra,
  };
}

export function liveOf(id: string, name: string, vocabulary: string[]): LiveTracker {
  return { id, name, vocabulary };
}

export const FIVE_PHRASES = ["alpha call", "bravo call", "charlie call", "delta call", "echo call"];

/** A tracker YAML document whose name is written as a double-quoted YAML string (so escapes like \n work). */
export function hostileYaml(nameAsYamlString: string): string {
  return `${[`name: ${nameAsYamlString}`, "vocabulary:", ...FIVE_PHRASES.map((phrase) => `  - ${phrase}`)].join("\n")}\n`;
}
