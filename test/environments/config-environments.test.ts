import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { resolveEnvironmentConfig, selectEnvironmentTrackers } from "../../src/config/resolve-environment.js";
import { DEFAULT_CONFIG } from "../../src/model/config.js";
import { addEnvironmentToSource } from "../../src/promote/add-environment-to-source.js";
import { findPromotions } from "../../src/promote/find-promotions.js";
import { validateFiles } from "../../src/validate/validate-files.js";

const TWO = `environments:
  - name: staging
    apiUrl: https://staging.example
    prune: true
    guards: { maxDeletes: 50 }
  - name: production
    credentials: { appId: PROD_ID, appSecret: PROD_SECRET }
    ownership: { prefix: "cc-" }
`;

describe("environments: in tracker-sync.yaml", () => {
  it("parses names in order, fills in credential variable names and keeps overrides", () => {
    const { config, findings } = parseConfig("tracker-sync.yaml", TWO);
    expect(findings).toEqual([]);
    expect(config.environments).toEqual([
      {
        name: "staging",
        apiUrl: "https://staging.example",
        prune: true,
        guards: { maxDeletes: 50 },
        credentials: { appId: "STAGING_SYMBL_APP_ID", appSecret: "STAGING_SYMBL_APP_SECRET", accessToken: "STAGING_SYMBL_ACCESS_TOKEN" },
      },
      { name: "production", ownership: { prefix: "cc-" }, credentials: { appId: "PROD_ID", appSecret: "PROD_SECRET", accessToken: "PRODUCTION_SYMBL_ACCESS_TOKEN" } },
    ]);
    const staging = resolveEnvironmentConfig(config, config.environments![0]!);
    expect(staging).toMatchObject({ apiUrl: "https://staging.example", prune: true, guards: { maxDeletes: 50, maxDeletePercent: 25, allowEmpty: false }, environment: { name: "staging" } });
    const production = resolveEnvironmentConfig({ ...config, apiUrl: "https://top-level.example" }, config.environments![1]!);
    expect(production.apiUrl).toBeUndefined();
    expect(production).toMatchObject({ prune: false, ownership: { prefix: "cc-" } });
  });

  it("without environments: the config is exactly the defaults", () => {
    expect(parseConfig("tracker-sync.yaml", "prune: false\n").config).toEqual(DEFAULT_CONFIG);
  });

  it("reports repeated names, shared credential variables, bad names and 'all' at their lines", () => {
    const shared = parseConfig("tracker-sync.yaml", `environments:\n  - name: staging\n  - name: production\n    credentials: { appSecret: STAGING_SYMBL_APP_SECRET }\n  - name: staging\n`);
    expect(shared.findings).toMatchObject([
      { rule: "config-environment", line: 4, message: expect.stringContaining("reads its appSecret from STAGING_SYMBL_APP_SECRET, which environment 'staging' already reads") },
      { rule: "config-environment", line: 5, message: "Environment 'staging' is defined twice. Give each environment its own name." },
    ]);
    const dashes = parseConfig("tracker-sync.yaml", `environments:\n  - name: eu-prod\n  - name: eu_prod\n`);
    expect(dashes.findings).toMatchObject([{ rule: "config-environment", line: 3, message: expect.stringContaining("differ only in '-' versus '_'") }]);
    for (const name of ["all", "Prod", "a b"]) {
      expect(parseConfig("tracker-sync.yaml", `environments:\n  - name: "${name}"\n`).findings, name).toMatchObject([{ rule: "config-schema", line: 2 }]);
    }
    expect(parseConfig("tracker-sync.yaml", `environments:\n  - name: x\n    credentials: { appSecret: "$(curl evil)" }\n`).findings).toMatchObject([{ rule: "config-schema", line: 3 }]);
  });
});

describe("environments: in tracker files", () => {
  const config = parseConfig("tracker-sync.yaml", TWO).config;
  const file = (name: string, environments: string) => ({
    path: `trackers/${name}.yaml`,
    content: `name: cc-${name}\nenvironments: ${environments}\nvocabulary: [one two, three four, five six, seven eight, nine ten]\n`,
  });

  it("validate checks each name against the config, at file:line, with a suggestion", () => {
    const { findings } = validateFiles([file("a", "[staging, prodution]")], config);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "environment-unknown",
        severity: "error",
        file: "trackers/a.yaml",
        line: 2,
        column: 25,
        message: expect.stringContaining("lists environment 'prodution', which tracker-sync.yaml does not define (it defines 'staging', 'production'). Did you mean 'production'?"),
      }),
    ]);
    const none = validateFiles([file("a", "[staging]")], DEFAULT_CONFIG).findings;
    expect(none).toMatchObject([{ rule: "environment-unknown", message: expect.stringContaining("defines no environments") }]);
    expect(validateFiles([file("a", "[]")], config).findings).toMatchObject([{ rule: "schema", line: 2 }]);
  });

  it("a tracker with a list exists only there; without one, everywhere", () => {
    const { trackers } = validateFiles([file("a", "[staging]"), { path: "trackers/b.yaml", content: "name: cc-b\nvocabulary: [one two, three four, five six, seven eight, nine ten]\n" }], config);
    expect(selectEnvironmentTrackers(trackers, "staging").map((tracker) => tracker.name)).toEqual(["cc-a", "cc-b"]);
    expect(selectEnvironmentTrackers(trackers, "production").map((tracker) => tracker.name)).toEqual(["cc-b"]);
    expect(findPromotions(trackers, "staging", "production")).toMatchObject([{ name: "cc-a", file: "trackers/a.yaml", line: 1, environments: ["staging"] }]);
    expect(findPromotions(trackers, "production", "staging")).toEqual([]);
  });

  it("an environment's own ownership prefix applies to the trackers in it only", () => {
    const findings = validateFiles(
      [
        {
          path: "t.yaml",
          content:
            "name: plain\nenvironments: [staging]\nvocabulary: [one two, three four, five six, seven eight, nine ten]\n---\nname: other\nvocabulary: [one two x, three four x, five six x, seven eight x, nine ten x]\n",
        },
      ],
      config,
    ).findings;
    expect(findings).toMatchObject([{ rule: "name-prefix", line: 5, message: expect.stringContaining("the ownership prefix 'cc-' of environment 'production'") }]);
  });
});

describe("addEnvironmentToSource", () => {
  it("changes only the list: flow, block, several documents, CRLF, BOM", () => {
    expect(addEnvironmentToSource("name: a\nenvironments: [ staging ]  # c\n", [0], "production")).toBe("name: a\nenvironments: [ staging , production]  # c\n");
    const multi = "# head\nname: a\nenvironments:\n- staging\nvocabulary: [x]\n---\nname: b\nenvironments: [staging]\n";
    expect(addEnvironmentToSource(multi, [0, 1], "production")).toBe("# head\nname: a\nenvironments:\n- staging\n- production\nvocabulary: [x]\n---\nname: b\nenvironments: [staging, production]\n");
    expect(addEnvironmentToSource("\uFEFFname: a\r\nenvironments:\r\n  - staging\r\n", [0], "prod")).toBe("\uFEFFname: a\r\nenvironments:\r\n  - staging\r\n  - prod\r\n");
    expect(addEnvironmentToSource("name: a\nenvironments:\n  - staging", [0], "prod")).toBe("name: a\nenvironments:\n  - staging\n  - prod");
    expect(() => addEnvironmentToSource("name: a\n", [0], "prod")).toThrow("has no 'environments:' list");
  });
});
