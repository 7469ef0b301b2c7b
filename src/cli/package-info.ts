import packageJson from "../../package.json" with { type: "json" };

// Read from package.json at build time (esbuild inlines it), so the bundle needs no file next to it.
const manifest: { version: string; repository?: string | { url?: string } } = packageJson;

export const VERSION: string = manifest.version;

/**
 * The GitHub repository that publishes the Action and the schemas, from package.json `repository`
 * (e.g. "github:acme/tracker-sync" or "git+https://github.com/acme/tracker-sync.git").
 */
export const ACTION_REPOSITORY: string = readGitHubRepository(manifest.repository) ?? "OWNER/tracker-sync";

/** The moving major tag `init` points workflows at, e.g. `v1` for any 1.x.y (scripts/release.ts moves it). */
export const ACTION_MAJOR_TAG = `v${VERSION.split(".")[0]}`;

export function readGitHubRepository(repository: string | { url?: string } | undefined): string | undefined {
  const url = typeof repository === "string" ? repository : repository?.url;
  const match = url ? /^(?:github:|git\+https:\/\/github\.com\/|https:\/\/github\.com\/|git@github\.com:)?([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url) : null;
  return match?.[1];
}
