import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import schema from "../../schemas/plan.schema.json" with { type: "json" };
import { buildPlan } from "../../src/plan/build-plan.js";
import { config, definition, live } from "./builders.js";

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const scenariosDir = new URL("../scenarios/", import.meta.url).pathname;

describe("schemas/plan.schema.json", () => {
  it("accepts every golden scenario plan", async () => {
    const names = (await readdir(scenariosDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const plan = JSON.parse(await readFile(join(scenariosDir, name, "expected.plan.json"), "utf8"));
      expect(validate(plan), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("accepts a plan with every kind of change and match impact, and rejects a wrong one", () => {
    const plan = buildPlan({
      desired: [definition("A", ["a"]), definition("B", ["b2"]), definition("C", ["c"], { previousNames: ["Old C"] }), definition("D", ["d"], { retired: true })],
      live: [live("1", "B", ["b"]), live("2", "Old C", ["c"]), live("3", "D", ["d"])],
      unreadable: [{ id: "4", name: "E", problem: "has no vocabulary" }],
      config: config(),
    });
    expect(plan.changes.map((change) => change.kind).sort()).toEqual(["create", "delete", "recreate", "rename"]);
    const replacePlan = buildPlan({ desired: [definition("B", ["b2"])], live: [live("1", "B", ["b"])], config: config({ putBehavior: "replace" }) });
    expect(validate(replacePlan), JSON.stringify(validate.errors)).toBe(true);
    const withImpact = { ...plan, matchImpact: { conversations: 1, messages: 2, trackers: [{ name: "A", gained: 1, lost: 0, examplesGained: ["x"], examplesLost: [] }] } };
    expect(validate(withImpact), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...plan, formatVersion: 1 })).toBe(false);
    expect(validate({ ...plan, changes: [{ kind: "explode", name: "A" }] })).toBe(false);
  });
});
