import { Document } from "yaml";
import type { LiveTracker } from "../model/tracker.js";
import { compareText, sha256 } from "../plan/fingerprint.js";

export interface ExportFile {
  /** File name inside the export directory. */
  fileName: string;
  name: string;
  content: string;
}

/**
 * One YAML file per live tracker, in the `trackers/` format. `schemaPath` is the `$schema` reference as seen
 * from the export directory. File names come from names; phrases keep the server's order.
 */
export function buildExportFiles(live: readonly LiveTracker[], options: { schemaPath: string }): ExportFile[] {
  const sorted = [...live].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const used = new Set<string>();
  const files: ExportFile[] = [];
  for (const tracker of sorted) {
    const base = slugify(tracker.name);
    // Only the later names of a collision get a suffix; a hash of the name keeps it stable across exports.
    let fileName = `${base}.yaml`;
    if (used.has(fileName)) fileName = `${base}-${sha256(tracker.name).slice(0, 6)}.yaml`;
    for (let counter = 2; used.has(fileName); counter++) fileName = `${base}-${sha256(tracker.name).slice(0, 6)}-${counter}.yaml`;
    used.add(fileName);
    files.push({ fileName, name: tracker.name, content: renderTrackerYaml(tracker, options.schemaPath) });
  }
  return files;
}

export function renderTrackerYaml(tracker: LiveTracker, schemaPath: string): string {
  const document = new Document({ name: tracker.name, vocabulary: [...tracker.vocabulary] });
  return `# yaml-language-server: $schema=${schemaPath}\n${document.toString({ lineWidth: 0 })}`;
}

/** Lower-case ASCII words joined by dashes; accents are dropped, anything else becomes a separator. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug.length > 0 ? slug : `tracker-${sha256(name).slice(0, 8)}`;
}
