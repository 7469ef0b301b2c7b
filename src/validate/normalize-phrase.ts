/**
 * The form two phrases are compared in when looking for duplicates: Unicode-compatible (NFKC), lower case,
 * apostrophes dropped ("can't" = "cant"), any other punctuation or symbol turned into a space
 * ("follow-up" = "follow up"), whitespace collapsed and trimmed.
 */
export function normalizePhrase(phrase: string): string {
  return phrase
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`]/gu, "")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
}
