/**
 * The form two phrases are compared in when looking for duplicates: Unicode-compatible (NFKC), lower case,
 * apostrophes dropped ("can't" = "cant"), any other punctuation or symbol turned into a space
 * ("follow-up" = "follow up"), whitespace collapsed and trimmed.
 */
// Lower-case ASCII words separated by single spaces are already normal; most phrases take this path.
const ALREADY_NORMAL = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

// Printable ASCII is NFKC-stable and its only letters and digits are [a-z0-9] once lower-cased, so the same result
// comes without the \p{...} regexes, which V8 compiles on first use (~1 ms of a one-file validate's start-up).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function normalizePhrase(phrase: string): string {
  const lower = phrase.toLowerCase();
  if (ALREADY_NORMAL.test(lower)) return lower;
  if (PRINTABLE_ASCII.test(phrase))
    return lower
      .replace(/['`]/g, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return normalizeAnyPhrase(phrase);
}

/** The general form (any Unicode text); normalizePhrase's fast paths must agree with it. */
export function normalizeAnyPhrase(phrase: string): string {
  return phrase
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`]/gu, "")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
}
