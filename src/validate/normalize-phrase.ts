/**
 * The form two phrases are compared in when looking for duplicates: Unicode-compatible (NFKC), lower case,
 * apostrophes dropped ("can't" = "cant"), any other punctuation or symbol turned into a space
 * ("follow-up" = "follow up"), whitespace collapsed and trimmed.
 */
// Lower-case ASCII words separated by single spaces are already normal; most phrases take this path.
const ALREADY_NORMAL = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

export function normalizePhrase(phrase: string): string {
  const lower = phrase.toLowerCase();
  if (ALREADY_NORMAL.test(lower)) return lower;
  return phrase
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`]/gu, "")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
}
