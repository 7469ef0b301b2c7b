/**
 * Publishes the version in package.json as a GitHub release: tag vX.Y.Z (with the packed CLI attached and the
 * CHANGELOG.md section as notes), then moves the major tag vX to the same commit so that consumers'
 * `uses: OWNER/tracker-sync@v1` picks it up. Run by .github/workflows/release.yml on the default branch after
 * `npm run build` has been checked against the committed dist/action.js; see docs/releasing.md.
 *
 * Idempotent: when vX.Y.Z already exists it does nothing, so every push to main may run it.
 * Usage: tsx scripts/release.ts TARBALL_DIR   (needs GH_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA; uses the gh CLI)
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ReleaseTags {
  version: string;
  tag: string;
  /** The moving tag consumers pin (`v1`); undefined for pre-releases, which must never move it. */
  majorTag: string | undefined;
}

/** The tags for a package.json version. Pure. */
export function planReleaseTags(version: string): ReleaseTags {
  const match = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(version);
  if (!match) throw new Error(`package.json version '${version}' is not X.Y.Z semver; fix it before releasing.`);
  const prerelease = match[4] !== undefined;
  return { version, tag: `v${version}`, majorTag: prerelease ? undefined : `v${match[1]}` };
}

/** The CHANGELOG.md section `## X.Y.Z` (as changesets writes it), without its heading. Pure. */
export function readReleaseNotes(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${version}`);
  if (start === -1) throw new Error(`CHANGELOG.md has no '## ${version}' section. Run 'npx changeset version' to write it, commit, then release.`);
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join("\n")
    .trim();
}

async function gh(args: string[]): Promise<string> {
  const { stdout } = await run("gh", args, { env: process.env });
  return stdout;
}

async function tagExists(repository: string, tag: string): Promise<boolean> {
  try {
    await gh(["api", `repos/${repository}/git/ref/tags/${tag}`]);
    return true;
  } catch {
    return false;
  }
}

async function moveTag(repository: string, tag: string, sha: string): Promise<void> {
  if (await tagExists(repository, tag)) {
    await gh(["api", "--method", "PATCH", `repos/${repository}/git/refs/tags/${tag}`, "-f", `sha=${sha}`, "-F", "force=true"]);
  } else {
    await gh(["api", "--method", "POST", `repos/${repository}/git/refs`, "-f", `ref=refs/tags/${tag}`, "-f", `sha=${sha}`]);
  }
}

async function main(tarballDir: string): Promise<void> {
  const repository = process.env.GITHUB_REPOSITORY;
  const sha = process.env.GITHUB_SHA;
  if (!repository || !sha) throw new Error("GITHUB_REPOSITORY and GITHUB_SHA must be set; this script runs in the release workflow.");
  const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
  const tags = planReleaseTags(version);
  if (await tagExists(repository, tags.tag)) {
    console.log(`${tags.tag} already exists; nothing to release. Add a changeset and run 'npx changeset version' for the next release.`);
    return;
  }
  const notes = readReleaseNotes(await readFile("CHANGELOG.md", "utf8"), version);
  const notesFile = join(tmpdir(), `tracker-sync-${version}-notes.md`);
  await writeFile(notesFile, `${notes}\n`);
  const tarball = join(tarballDir, `tracker-sync-${version}.tgz`);
  const prerelease = tags.majorTag === undefined ? ["--prerelease"] : [];
  await gh(["release", "create", tags.tag, tarball, "--target", sha, "--title", tags.tag, "--notes-file", notesFile, ...prerelease]);
  console.log(`Released ${tags.tag} at ${sha} with ${tarball}.`);
  if (tags.majorTag) {
    await moveTag(repository, tags.majorTag, sha);
    console.log(`Moved ${tags.majorTag} to ${sha}: workflows using ${repository}@${tags.majorTag} now run ${tags.tag}.`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tarballDir = process.argv[2];
  if (!tarballDir) {
    console.error("Usage: tsx scripts/release.ts TARBALL_DIR (the directory 'npm pack --pack-destination' wrote to).");
    process.exit(1);
  }
  await main(tarballDir).catch((error: unknown) => {
    console.error(`Release failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
