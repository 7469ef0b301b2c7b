import { existsSync } from "node:fs";
import path from "node:path";
import { ACTION_MAJOR_TAG, ACTION_REPOSITORY } from "./package-info.js";

/**
 * The `$schema` reference written into tracker and config files, as seen from `fromDirectory`. Editors resolve
 * it; tracker-sync itself validates with its bundled schemas. In order: the schemas of a checkout of this
 * project, those of a local install (`npm install -D tracker-sync`), else the published copy at the major tag,
 * which works in any repository without an install.
 */
export function resolveSchemaReference(root: string, fromDirectory: string, schemaFile: string): string {
  const candidates = [path.join(root, "schemas", schemaFile), path.join(root, "node_modules", "tracker-sync", "schemas", schemaFile)];
  const local = candidates.find((candidate) => existsSync(candidate));
  if (local) return path.relative(path.resolve(root, fromDirectory), local).split(path.sep).join("/");
  return publishedSchemaUrl(schemaFile);
}

export function publishedSchemaUrl(schemaFile: string): string {
  return `https://raw.githubusercontent.com/${ACTION_REPOSITORY}/${ACTION_MAJOR_TAG}/schemas/${schemaFile}`;
}
