import { describe, expect, it } from "vitest";
import { checkGenericCredentialInputs, parseApiUrlLines, resolveActionEnvironmentSymbl } from "../../src/action/environment-origins.js";
import type { ActionInputs } from "../../src/action/inputs.js";
import { defaultCredentialNames, resolveEnvironmentConfig } from "../../src/config/resolve-environment.js";
import { DEFAULT_CONFIG } from "../../src/model/config.js";

const inputs = (extra: Partial<ActionInputs> = {}): ActionInputs => ({ command: "plan", comment: true, ...extra });
const staging = (extra: { apiUrl?: string } = {}) => resolveEnvironmentConfig(DEFAULT_CONFIG, { name: "staging", credentials: defaultCredentialNames("staging"), ...extra });
const env = { STAGING_SYMBL_APP_ID: "id-1", STAGING_SYMBL_APP_SECRET: "secret-1", SYMBL_APP_SECRET: "generic", PRODUCTION_SYMBL_APP_SECRET: "prod" };

describe("the Action's origin and credentials per environment", () => {
  it("parses symbl-api-urls lines and rejects malformed or repeated ones", () => {
    expect([...parseApiUrlLines("staging=https://a.example\n\n# comment\n production = https://b.example \n")]).toEqual([
      ["staging", "https://a.example"],
      ["production", "https://b.example"],
    ]);
    expect(() => parseApiUrlLines("staging https://a.example")).toThrow("line 1 is not 'name=https://origin'");
    expect(() => parseApiUrlLines("a=https://x\na=https://y")).toThrow("names environment 'a' twice");
  });

  it("takes the origin from the workflow in a fixed order, never from the config", () => {
    expect(resolveActionEnvironmentSymbl(staging(), inputs(), env).origin).toBe("https://api.symbl.ai");
    expect(resolveActionEnvironmentSymbl(staging(), inputs(), { ...env, STAGING_SYMBL_API_URL: "https://variable.example/" }).origin).toBe("https://variable.example");
    expect(resolveActionEnvironmentSymbl(staging(), inputs({ symblApiUrls: "staging=https://line.example" }), { ...env, STAGING_SYMBL_API_URL: "https://variable.example" }).origin).toBe(
      "https://line.example",
    );
    expect(resolveActionEnvironmentSymbl(staging({ apiUrl: "HTTPS://Line.Example/" }), inputs({ symblApiUrls: "staging=https://line.example" }), env).origin).toBe("https://line.example");
    expect(() => resolveActionEnvironmentSymbl(staging({ apiUrl: "https://evil.example" }), inputs(), env)).toThrow("Refused before sending any credential");
    expect(() => resolveActionEnvironmentSymbl(staging(), inputs({ symblApiUrls: "staging=https://user:pw@line.example" }), env)).toThrow("not an http(s) base URL");
    // Plain http to another machine is refused while every environment is resolved, before any request.
    expect(() => resolveActionEnvironmentSymbl(staging(), inputs({ symblApiUrls: "staging=http://10.0.0.5:8080" }), env)).toThrow("over plain http");
    expect(resolveActionEnvironmentSymbl(staging(), inputs({ symblApiUrls: "staging=http://127.0.0.1:8787" }), env).origin).toBe("http://127.0.0.1:8787");
  });

  it("reads only this environment's variables; the generic inputs only in a one-environment job", () => {
    const resolved = resolveActionEnvironmentSymbl(staging(), inputs(), env);
    expect(resolved.env).toEqual({ SYMBL_APP_ID: "id-1", SYMBL_APP_SECRET: "secret-1", SYMBL_ACCESS_TOKEN: undefined, SYMBL_API_URL: "https://api.symbl.ai" });
    expect(resolved.secrets).toEqual(["id-1", "secret-1"]);
    expect(resolveActionEnvironmentSymbl(staging(), inputs(), {}).missing).toContain("STAGING_SYMBL_APP_ID and STAGING_SYMBL_APP_SECRET are not set");
    const single = resolveActionEnvironmentSymbl(staging(), inputs({ environment: "staging", symblAppId: "job-id", symblAppSecret: "job-secret", symblApiUrl: "https://job.example" }), {});
    expect(single).toMatchObject({ origin: "https://job.example", env: { SYMBL_APP_ID: "job-id", SYMBL_APP_SECRET: "job-secret" } });
    expect(() => checkGenericCredentialInputs(inputs({ symblAppSecret: "x" }))).toThrow("this run covers every environment");
    expect(() => checkGenericCredentialInputs(inputs({ environment: "all", symblApiUrl: "https://x.example" }))).toThrow();
    expect(() => checkGenericCredentialInputs(inputs({ environment: "staging", symblAppSecret: "x" }))).not.toThrow();
  });
});
