import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Finding } from "../model/finding.js";
import { MAX_FILE_BYTES } from "../validate/decode-source.js";
import { RULES } from "../validate/rules.js";
import { checkInsideBoundary, type ProjectBoundary } from "./project-boundary.js";
import { readBoundedFile } from "./read-bounded-file.js";
import type { SourceFile } from "../validate/validate-files.js";
import { UserError } from "../errors.js";
import type { BoundedRead } from "./read-bounded-file.js";

const DEFINITION_EXTENSIONS = new Set([".yaml", ".yml"]);
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);
/** Reads in flight at once: enough to hide file-system latency without risking EMFILE. */
const READ_CONCURRENCY = 16;

export interface DefinitionPaths {
  /** Absolute paths, sorted, without duplicates. */
  paths: string[];
  findings: Finding[];
}

/**
 * Expands targets into definition files: a named file counts whatever its extension; a directory
 * contributes its `.yaml`/`.yml` files, recursively, skipping hidden directories and node_modules.
 * A target that cannot be read becomes a `file-unreadable` finding naming it.
 */
export async function listDefinitionPaths(cwd: string, targets: readonly string[], boundary?: ProjectBoundary): Promise<DefinitionPaths> {
  const findings: Finding[] = [];
  const absolute = new Set<string>();
  for (const target of targets) {
    const full = path.resolve(cwd, target);
    const shown = displayPath(cwd, full);
    const outside = await checkInsideBoundary(boundary, `The definitions path '${shown}'`, full);
    if (outside) findings.push(outsideProject(shown, outside));
    try {
      const info = await stat(full);
      if (info.isDirectory()) {
        for (const file of await listDefinitionFiles(full)) absolute.add(file);
      } else if (info.isFile()) {
        absolute.add(full);
      } else {
        findings.push(unreadable(shown, `'${shown}' is neither a file nor a directory. Point validate at tracker YAML files or a directory of them.`));
      }
    } catch (error) {
      findings.push(unreadable(shown, `Cannot read '${shown}': ${describeFsError(error)}.`));
    }
  }
  return { paths: [...absolute].sort(), findings };
}

/**
 * Reads every file with a few reads in flight, before any parsing: fs.promises.readFile needs the main
 * thread between its steps, so reading while parsing would stall both. Results keep the given order;
 * unreadable files become findings.
 */
export async function readDefinitionFiles(cwd: string, paths: readonly string[], boundary?: ProjectBoundary): Promise<{ files: SourceFile[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const contents: Array<Uint8Array | undefined> = new Array(paths.length);
  let next = 0;
  const readNext = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      const shown = displayPath(cwd, paths[index]!);
      try {
        // A symlink inside a definitions directory can point anywhere; its target is what gets read.
        const outside = await checkInsideBoundary(boundary, `The definition file '${shown}'`, paths[index]!);
        if (outside) findings.push(outsideProject(shown, outside));
        const read = await readBoundedFile(paths[index]!, MAX_FILE_BYTES);
        if (read.ok) contents[index] = read.content;
        else findings.push(describeRefusedRead(shown, read));
      } catch (error) {
        if (error instanceof UserError) throw error;
        findings.push(unreadable(shown, `Cannot read '${shown}': ${describeFsError(error)}.`));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, readNext));
  const files: SourceFile[] = [];
  paths.forEach((full, index) => {
    const content = contents[index];
    if (content) files.push({ path: displayPath(cwd, full), content });
  });
  return { files, findings };
}

async function listDefinitionFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [directory];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && DEFINITION_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        found.push(full);
      }
    }
  }
  return found;
}

/** The path as the user should see it: relative to the working directory when inside it, with forward slashes. */
export function displayPath(cwd: string, full: string): string {
  const relative = path.relative(cwd, full);
  const shown = relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? full : relative;
  return shown.split(path.sep).join("/");
}

function describeRefusedRead(shown: string, read: Exclude<BoundedRead, { ok: true }>): Finding {
  if (read.reason === "too-large") {
    const size = (read.size / 1024 / 1024).toFixed(1);
    return {
      rule: "file-too-large",
      severity: RULES["file-too-large"].severity,
      message: `'${shown}' is ${size} MiB; definition files may be at most 4 MiB, so it was not read. Split it into one file per tracker.`,
      file: shown,
      line: 1,
      column: 1,
    };
  }
  return unreadable(
    shown,
    `'${shown}' is ${read.kind}, not a regular file, so it was not read (a symlink to a device or pipe could make validate read forever). Point the definitions path at YAML files only.`,
  );
}

function outsideProject(file: string, message: string): Finding {
  return { rule: "path-outside-project", severity: RULES["path-outside-project"].severity, message, file, line: 1, column: 1 };
}

function unreadable(file: string, message: string): Finding {
  return { rule: "file-unreadable", severity: RULES["file-unreadable"].severity, message, file, line: 1, column: 1 };
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory; check the path";
    case "EACCES":
    case "EPERM":
      return "permission denied; check the file's permissions";
    case "EISDIR":
      return "it is a directory, not a file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ELOOP":
      return "too many symbolic links";
    default:
      return code ? `${code}` : error instanceof Error ? error.message : String(error);
  }
}
