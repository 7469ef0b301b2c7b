/**
 * The generation-2 ("late 2022") Symbl trackers API: the PATCH body, the create body and the wire tracker,
 * defined once for the client and the emulator. Endpoints (paths, methods, statuses) are the GEN2 table in
 * trackers-contract.ts. Evidence and the choices made where it is silent: docs/emulator.md, "Generation 2".
 */

export const GEN2_PATCH_OPS = ["add", "replace", "remove"] as const;
export type Gen2PatchOp = (typeof GEN2_PATCH_OPS)[number];

export const GEN2_SCALAR_PATHS = ["/name", "/description"] as const;
export const GEN2_ARRAY_PATHS = ["/categories", "/languages", "/vocabulary", "/excludeVocabulary"] as const;
export type Gen2PatchPath = (typeof GEN2_SCALAR_PATHS)[number] | (typeof GEN2_ARRAY_PATHS)[number];

/** One element of a PATCH body. Symbl's Go SDK types `value` as a string, also for the array paths. */
export interface Gen2PatchOperation {
  op: Gen2PatchOp;
  path: Gen2PatchPath;
  value: string;
}

/** The live 400 recorded in Symbl's Go SDK (commit 59b8d3d) for a PATCH whose body is not an array. */
export const GEN2_PATCH_NOT_ARRAY_MESSAGE = "Invalid request. Request body must be an array.";

/** Symbl's Go SDK constant TrackerLanguageDefault. */
export const GEN2_DEFAULT_LANGUAGE = "en-US";

/** The single-create request body: the Go SDK always sends name, categories, languages and vocabulary. */
export interface Gen2CreateBody {
  name: string;
  description?: string;
  categories: string[];
  languages: string[];
  vocabulary: string[];
}

/** A tracker on the wire (Go SDK `Tracker`), plus `managed`, which only the emulator sends (see docs). */
export interface Gen2TrackerJson {
  id: string;
  name: string;
  description?: string;
  categories: string[];
  languages: string[];
  vocabulary: string[];
  createdOn?: string;
  updatedOn?: string;
  managed?: boolean;
}

/** Checks a PATCH body's shape; returns the operations or a sentence for a 400. */
export function parseGen2PatchBody(body: unknown): Gen2PatchOperation[] | string {
  if (!Array.isArray(body)) return GEN2_PATCH_NOT_ARRAY_MESSAGE;
  if (body.length === 0) return "Invalid request. The array of operations is empty; send at least one {op, path, value}.";
  const operations: Gen2PatchOperation[] = [];
  for (const [index, item] of body.entries()) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return `Invalid request. Operation [${index}] is not an object {op, path, value}.`;
    const { op, path, value } = item as Record<string, unknown>;
    if (!GEN2_PATCH_OPS.includes(op as Gen2PatchOp)) return `Invalid request. Operation [${index}] has op ${JSON.stringify(op)}; use one of ${GEN2_PATCH_OPS.join(", ")}.`;
    const paths: readonly string[] = [...GEN2_SCALAR_PATHS, ...GEN2_ARRAY_PATHS];
    if (typeof path !== "string" || !paths.includes(path)) return `Invalid request. Operation [${index}] has path ${JSON.stringify(path)}; use one of ${paths.join(", ")}.`;
    if (typeof value !== "string") return `Invalid request. Operation [${index}] needs a string "value" (one phrase, category or language per operation).`;
    operations.push({ op: op as Gen2PatchOp, path: path as Gen2PatchPath, value });
  }
  return operations;
}

export function isGen2ArrayPath(path: Gen2PatchPath): path is (typeof GEN2_ARRAY_PATHS)[number] {
  return (GEN2_ARRAY_PATHS as readonly string[]).includes(path);
}
