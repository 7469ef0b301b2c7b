/** Documented Symbl limits and the character rule shared by lint, planner and emulator. */
export const MAX_TRACKERS_PER_ACCOUNT = 500;
export const MAX_PHRASES_PER_TRACKER = 50;
/** Symbl recommends at least 5 phrases but its own sample client creates one-phrase trackers. */
export const RECOMMENDED_MIN_PHRASES = 5;
/** "1 MB" is not defined further in the docs; we take the binary megabyte, the common body-parser meaning. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * Phrases may hold letters, digits, spaces, periods, apostrophes and dashes. The docs disagree on the dash
 * (D-create vs D-concept); we allow it. `\p{M}` keeps combining accents with their letters.
 */
export const ALLOWED_PHRASE_CHARACTER = /[\p{L}\p{M}\p{N} .'-]/u;

/** Returns the 0-based index of the first character a phrase may not contain, or -1. */
export function findDisallowedCharacter(phrase: string): number {
  let index = 0;
  for (const character of phrase) {
    if (!ALLOWED_PHRASE_CHARACTER.test(character)) return index;
    index += character.length;
  }
  return -1;
}

/** Bytes of a JSON body as it is sent on the wire (UTF-8). */
export function measureJsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}
