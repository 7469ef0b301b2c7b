import { findDisallowedCharacter, MAX_PHRASES_PER_TRACKER } from "../model/limits.js";
import type { TrackerInput } from "../model/tracker.js";
import { EmulatorHttpError } from "./http-error.js";

/**
 * Checks a Gen-1 tracker body ({name, vocabulary}) the way the documented 400 rules describe: wrong
 * key names or value types, duplicate phrases (exact comparison), disallowed punctuation, more than 50
 * phrases. Keys other than name/vocabulary (and id on PUT) are ignored, not stored. `where` prefixes
 * messages, e.g. "trackers[2]" in a bulk request.
 */
export function validateTrackerBody(body: unknown, where: string): TrackerInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`${where} must be a JSON object with "name" (string) and "vocabulary" (array of strings), got ${describeJson(body)}.`);
  }
  const record = body as Record<string, unknown>;
  if (!("name" in record)) throw badRequest(`${where} has no "name" key; send {"name": string, "vocabulary": string[]}.`);
  if (!("vocabulary" in record)) throw badRequest(`${where} has no "vocabulary" key; send {"name": string, "vocabulary": string[]}.`);
  const name = record.name;
  if (typeof name !== "string") throw badRequest(`${where}.name must be a string, got ${describeJson(name)}.`);
  if (name.trim() === "") throw badRequest(`${where}.name must not be empty.`);
  const vocabulary = validateVocabulary(record.vocabulary, `${where}.vocabulary`);
  return { name, vocabulary };
}

export function validateVocabulary(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw badRequest(`${where} must be an array of strings, got ${describeJson(value)}.`);
  if (value.length === 0) throw badRequest(`${where} must contain at least one phrase.`);
  const seen = new Set<string>();
  value.forEach((phrase, index) => {
    if (typeof phrase !== "string") throw badRequest(`${where}[${index}] must be a string, got ${describeJson(phrase)}.`);
    if (phrase.trim() === "") throw badRequest(`${where}[${index}] must not be empty.`);
    const bad = findDisallowedCharacter(phrase);
    if (bad >= 0) {
      const character = String.fromCodePoint(phrase.codePointAt(bad) ?? 0);
      throw badRequest(
        `${where}[${index}] "${phrase}" contains the character ${JSON.stringify(character)} at position ${bad + 1}; phrases may only contain letters, digits, spaces, periods, apostrophes and dashes.`,
      );
    }
    if (seen.has(phrase)) throw badRequest(`${where}[${index}] "${phrase}" appears more than once; duplicate phrases are not allowed.`);
    seen.add(phrase);
  });
  checkPhraseCount(value.length, where);
  return [...(value as string[])];
}

export function checkPhraseCount(count: number, where: string): void {
  if (count > MAX_PHRASES_PER_TRACKER) {
    throw badRequest(`${where} has ${count} phrases; a tracker may have at most ${MAX_PHRASES_PER_TRACKER}. Split the vocabulary across several trackers.`);
  }
}

function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, message);
}

export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value === undefined) return "nothing";
  return `a ${typeof value}`;
}
