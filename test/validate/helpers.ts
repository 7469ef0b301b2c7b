import { DEFAULT_CONFIG, type Config } from "../../src/model/config.js";
import type { Finding } from "../../src/model/finding.js";
import { validateFiles } from "../../src/validate/validate-files.js";

export function configWith(overrides: Partial<Config> = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    ownership: { ...DEFAULT_CONFIG.ownership },
    guards: { ...DEFAULT_CONFIG.guards },
    lint: { ...DEFAULT_CONFIG.lint },
    rules: {},
    ...overrides,
  };
}

/** Five distinct, clean phrases; `tag` keeps them unique across trackers. */
export function cleanPhrases(tag: string): string[] {
  return ["alpha", "bravo", "charlie", "delta", "echo"].map((word) => `${word} call ${tag}`);
}

/** A tracker document in block style with plain scalars, so columns are easy to predict. */
export function trackerYaml(name: string, phrases: readonly string[], extra = ""): string {
  return `${[`name: ${name}`, "vocabulary:", ...phrases.map((phrase) => `  - ${phrase}`), extra].filter((line) => line !== "").join("\n")}\n`;
}

export function lint(files: Record<string, string | Uint8Array>, config: Config = configWith()): Finding[] {
  return validateFiles(
    Object.entries(files).map(([path, content]) => ({ path, content })),
    config,
  ).findings;
}

export function rulesOf(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.rule);
}

export function only(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}
