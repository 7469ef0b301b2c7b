import { Document } from "yaml";
import type { LiveTracker } from "../model/tracker.js";
import { readLiveFields } from "../plan/build-patch-operations.js";
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
export function buildExportFiles(live: readonly LiveTracker[], options: { schemaPath: string; apiGeneration?: 1 | 2 }): ExportFile[] {
  // Symbl's pre-added trackers are not the repository's to define (plan lists them as unmanaged).
  const exported = options.apiGeneration === 2 ? live.filter((tracker) => tracker.managed !== true) : live;
  const sorted = [...exported].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const used = new Set<string>();
  const files: ExportFile[] = [];
  for (const tracker of sorted) {
    const base = slugify(tracker.name);
    // Only the later names of a collision get a suffix; a hash of the name keeps it stable across exports.
    let fileName = `${base}.yaml`;
    if (used.has(fileName)) fileName = `${base}-${sha256(tracker.name).slice(0, 6)}.yaml`;
    for (let counter = 2; used.has(fileName); counter++) fileName = `${base}-${sha256(tracker.name).slice(0, 6)}-${counter}.yaml`;
    used.add(fileName);
    files.push({ fileName, name: tracker.name, content: renderTrackerYaml(tracker, options.schemaPath, options.apiGeneration ?? 1) });
  }
  return files;
}

/** Generation 2 also writes description, categories and languages, so a plan after export shows no changes. */
export function renderTrackerYaml(tracker: LiveTracker, schemaPath: string, apiGeneration: 1 | 2 = 1): string {
  const fields = apiGeneration === 2 ? readLiveFields(tracker) : undefined;
  const document = new Document({
    name: tracker.name,
    ...(fields && fields.description !== "" ? { description: fields.description } : {}),
    ...(fields && fields.categories.length > 0 ? { categories: fields.categories } : {}),
    ...(fields ? { languages: fields.languages } : {}),
    vocabulary: [...tracker.vocabulary],
  });
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
