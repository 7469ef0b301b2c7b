import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { UserError } from "../errors.js";
import { readBoundedFile } from "../load/read-bounded-file.js";

/** What is at an export target now: nothing, a regular file with this content, or something export must not touch. */
export type ExportTarget = { kind: "absent" } | { kind: "file"; content: string } | { kind: "refused"; reason: string };

/** Largest existing file export compares with; a tracker file is a few KB. */
const MAX_EXISTING_BYTES = 4 * 1024 * 1024;

/**
 * Looks at a target without following a symlink: `trackers/x.yaml -> ~/.bashrc` in a cloned repository
 * would otherwise make `export --force` overwrite the file it points to.
 */
export async function inspectExportTarget(path: string): Promise<ExportTarget> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
    throw error;
  }
  if (info.isSymbolicLink()) return { kind: "refused", reason: "is a symbolic link" };
  if (!info.isFile()) return { kind: "refused", reason: "is not a regular file" };
  const read = await readBoundedFile(path, MAX_EXISTING_BYTES);
  if (!read.ok) return { kind: "refused", reason: read.reason === "too-large" ? "is larger than 4 MiB" : `is ${read.kind}` };
  return { kind: "file", content: read.content.toString("utf8") };
}

/** Writes without following a symlink at the last component, even one planted after inspectExportTarget. */
export async function writeExportFile(path: string, shown: string, content: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") throw new UserError(`${shown} became a symbolic link during export; export never writes through one. Nothing more was written.`);
    throw error;
  }
  try {
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
}
