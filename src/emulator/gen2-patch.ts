import { GEN2_DEFAULT_LANGUAGE, isGen2ArrayPath, type Gen2PatchOperation } from "../contract/trackers-gen2.js";
import type { LiveTracker } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";
import { validateVocabulary } from "./tracker-validation.js";

/**
 * Applies a generation-2 PATCH to a copy of one tracker, all operations or none (like RFC 6902).
 * Choices where Symbl's evidence is silent (docs/emulator.md, "Generation 2"): one value per operation on
 * the array paths; `add` of a value already present and `remove` of one that is absent change nothing,
 * so a retried PATCH is harmless; `replace` only on /name and /description; the result must still be a
 * valid tracker (1 to 50 phrases under the same character rules, at least one language).
 */
export function applyGen2Patch(tracker: LiveTracker, operations: Gen2PatchOperation[]): LiveTracker {
  const next: LiveTracker = {
    ...tracker,
    vocabulary: [...tracker.vocabulary],
    categories: [...(tracker.categories ?? [])],
    // A tracker created through the older API is read as having the default language.
    languages: [...(tracker.languages && tracker.languages.length > 0 ? tracker.languages : [GEN2_DEFAULT_LANGUAGE])],
  };
  const excluded = [...((tracker as { excludeVocabulary?: string[] }).excludeVocabulary ?? [])];
  for (const [index, operation] of operations.entries()) {
    const where = `Operation [${index}] (${operation.op} ${operation.path})`;
    if (operation.path === "/name") {
      if (operation.op !== "replace") throw badRequest(`${where}: a tracker always has a name; use "replace" to rename it.`);
      if (operation.value.trim() === "") throw badRequest(`${where}: the name must not be empty.`);
      next.name = operation.value;
      continue;
    }
    if (operation.path === "/description") {
      if (operation.op === "remove") delete next.description;
      else next.description = operation.value;
      continue;
    }
    if (!isGen2ArrayPath(operation.path)) throw badRequest(`${where}: unknown path.`);
    if (operation.op === "replace") {
      throw badRequest(`${where}: ${operation.path} is a list; change it one value at a time with "add" and "remove".`);
    }
    const list = operation.path === "/vocabulary" ? next.vocabulary : operation.path === "/categories" ? next.categories! : operation.path === "/languages" ? next.languages! : excluded;
    const position = list.indexOf(operation.value);
    if (operation.op === "add" && position < 0) list.push(operation.value);
    if (operation.op === "remove" && position >= 0) list.splice(position, 1);
  }
  validateVocabulary(next.vocabulary, "The patched vocabulary");
  if (next.languages!.length === 0) throw badRequest('The patched tracker has no language left; add one (e.g. "en-US") before removing the last.');
  if (excluded.length > 0) (next as { excludeVocabulary?: string[] }).excludeVocabulary = excluded;
  else delete (next as { excludeVocabulary?: string[] }).excludeVocabulary;
  return next;
}

function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, `Invalid request. ${message}`);
}
