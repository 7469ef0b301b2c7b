import { existsSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.js";

/**
 * Where definition, config and conversation files may come from. In the Action the repository is
 * pull-request content: `paths: [/etc]` or a symlink `trackers/x.yaml -> /home/runner/.ssh/id_rsa`
 * would read files of the runner into error messages and comments, so anything outside is refused.
 * On a workstation the user chose the paths, so the CLI only warns.
 */
export interface ProjectBoundary {
  /** The repository root (the Action's workspace; for the CLI the Git root above the working directory). */
  root: string;
  outside: "refuse" | "warn";
}

/** The CLI's boundary: the nearest directory above `cwd` holding `.git`, or `cwd` itself. */
export function findCliBoundary(cwd: string): ProjectBoundary {
  let current = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(current, ".git"))) return { root: current, outside: "warn" };
    const parent = path.dirname(current);
    if (parent === current) return { root: path.resolve(cwd), outside: "warn" };
    current = parent;
  }
}

/**
 * The real location of `target` (symlinks resolved) when it lies outside the boundary, else undefined.
 * A path that does not exist is judged by its lexical location; reading it fails later with its own error.
 */
export async function findOutsideLocation(boundary: ProjectBoundary, target: string): Promise<string | undefined> {
  const root = await realRoot(boundary.root);
  const real = await realpath(target).catch(() => path.resolve(target));
  const relative = path.relative(root, real);
  // ".." itself or a "../" prefix; a folder named like "..notes" inside the root is inside.
  const inside = relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  return inside ? undefined : real;
}

const realRoots = new Map<string, Promise<string>>();

/** The root's real path, resolved once per process: it is checked for every file read. */
function realRoot(root: string): Promise<string> {
  let cached = realRoots.get(root);
  if (!cached) {
    cached = realpath(root).catch(() => path.resolve(root));
    realRoots.set(root, cached);
  }
  return cached;
}

/** The sentence for a path outside the boundary; `what` is e.g. "The definition file 'x'". */
export function describeOutside(boundary: ProjectBoundary, what: string, real: string): string {
  const action = boundary.outside === "refuse" ? "was refused" : "is read anyway because you chose it";
  return `${what} resolves to ${real}, outside the repository root ${boundary.root}, and ${action}. Keep tracker definitions, tracker-sync.yaml and sample conversations inside the repository (and symlinks pointing inside it).`;
}

/** Throws in refuse mode; returns the warning text in warn mode; undefined when the path is inside. */
export async function checkInsideBoundary(boundary: ProjectBoundary | undefined, what: string, target: string): Promise<string | undefined> {
  if (!boundary) return undefined;
  const outside = await findOutsideLocation(boundary, target);
  if (outside === undefined) return undefined;
  const message = describeOutside(boundary, what, outside);
  if (boundary.outside === "refuse") throw new UserError(message);
  return message;
}
