import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_DIRECTORY, generateSchemaValidators } from "../../scripts/build-schema-validators.js";

const REPO_ROOT = new URL("../../", import.meta.url).pathname;

describe(`the generated schema validators in ${GENERATED_DIRECTORY}`, () => {
  const generated = generateSchemaValidators();

  it.each([...generated.keys()])("%s is what scripts/build-schema-validators.ts generates from the schemas now (run `npm run build:schemas` and commit it when this fails)", (path) => {
    const committed = readFileSync(join(REPO_ROOT, path), "utf8");
    expect(committed === generated.get(path), `${path} is stale: run \`npm run build:schemas\` and commit the result.`).toBe(true);
  });

  it("holds no file the script does not generate", () => {
    const present = readdirSync(join(REPO_ROOT, GENERATED_DIRECTORY)).map((name) => `${GENERATED_DIRECTORY}/${name}`);
    expect(present.sort()).toEqual([...generated.keys()].sort());
  });

  it("are self-contained ES modules: they load neither ajv nor anything else", () => {
    for (const [path, content] of generated) {
      if (!path.endsWith(".js")) continue;
      expect(content, path).not.toMatch(/\brequire\(|^\s*import\b/m);
    }
  });
});
