import type winkNLP from "wink-nlp";

/** How a token takes part in phrase matching. */
export type TokenRole =
  /** A word, number or symbol: must be matched by a phrase word. */
  | "word"
  /** Hyphens, quotes, brackets, commas, whitespace runs: skipped freely inside a match. */
  | "transparent"
  /** Sentence punctuation (. ! ? ; : …): a match never spans it. */
  | "break";

export interface AnalyzedToken {
  role: TokenRole;
  /** Lower-cased surface form with typographic apostrophes straightened: the key for exact matches. */
  surface: string;
  /** Lemma (e.g. "running" → "run"): a key for word-form matches. */
  lemma: string;
  /** wink's normal form (contractions expanded, "cancelled" → "canceled"): another word-form key. */
  normal: string;
  /** May be skipped between two phrase words in a word-form match (see docs/matcher.md, gap rule). */
  skippable: boolean;
  /** Distinct keys a word-form match may use: lemma, normal and surface forms. */
  keys: string[];
  /** Start and end (exclusive) in the analysed text, in UTF-16 code units. */
  start: number;
  end: number;
}

type WinkInstance = ReturnType<typeof winkNLP>;
let instance: WinkInstance | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads wink-nlp and its English model. They are most of the CLI's code and take ~150 ms to instantiate, so
 * they are imported only here, on the paths that match phrases (preview, test, a plan's match impact, the
 * emulator's Async API); validate, plan without conversations, apply and export never load them.
 * Call once before any analysis; later calls return the same promise.
 */
export function loadMatcher(): Promise<void> {
  loading ??= Promise.all([import("wink-nlp"), import("wink-eng-lite-web-model")]).then(([nlp, model]) => {
    instance = nlp.default(model.default, ["sbd", "pos"]);
  });
  return loading;
}

function getNlp(): WinkInstance {
  if (!instance) throw new Error("The phrase matcher is not loaded; await loadMatcher() before matching. This is a bug in tracker-sync.");
  return instance;
}

const BREAK_PUNCTUATION = new Set([".", "!", "?", ";", ":", "…", "...", "?!", "!!", "!?", "??"]);
// A negation must never be skipped by the gap rule: "want to not cancel" is not "want cancel".
const NEGATIONS = new Set(["not", "n't", "no", "never", "nor", "neither", "without", "cannot", "nothing", "none"]);

/** Straightens typographic apostrophes and lower-cases, so "We’re" and "we're" compare equal. */
export function normaliseSurface(value: string): string {
  return value.replace(/[\u2018\u2019\u02bc`]/g, "'").toLowerCase();
}

function classifyToken(type: string, value: string): TokenRole {
  if (type === "punctuation") return BREAK_PUNCTUATION.has(value) || /^[.!?;:…]+$/.test(value) ? "break" : "transparent";
  if (type === "tabCRLF" || value.trim() === "") return "transparent";
  return "word";
}

/** Tokenises text with wink-nlp and records, per token, its keys, role and character span. */
export function analyzeText(text: string): AnalyzedToken[] {
  const nlp = getNlp();
  const its = nlp.its;
  // Lower-case first: wink tags capitalised words (sentence starts) as proper nouns and then leaves them
  // unlemmatised ("Refunds" stays "refunds"). Offsets stay valid while lower-casing keeps the length.
  const lower = text.toLowerCase();
  const analysed = lower.length === text.length ? lower : text;
  const tokens = nlp.readDoc(analysed).tokens();
  const values = tokens.out(its.value) as string[];
  // wink-nlp's typings disagree with the model's on the addon type; the call itself is as documented.
  const lemmas = tokens.out(its.lemma as unknown as typeof its.value) as string[];
  const normals = tokens.out(its.normal) as string[];
  const types = tokens.out(its.type) as string[];
  const stops = tokens.out(its.stopWordFlag) as unknown as boolean[];
  const result: AnalyzedToken[] = [];
  let cursor = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? "";
    // wink keeps the original characters of each token; search forward so offsets stay exact even if
    // its whitespace bookkeeping differs from the text (e.g. "\r\n").
    let start = analysed.startsWith(value, cursor) ? cursor : analysed.indexOf(value, cursor);
    if (start < 0) start = cursor;
    const end = start + value.length;
    cursor = end;
    const role = classifyToken(types[index] ?? "word", value);
    const surface = normaliseSurface(value);
    const normal = normaliseSurface(normals[index] ?? value);
    const lemma = normaliseSurface(lemmas[index] ?? value);
    const negation = NEGATIONS.has(surface) || NEGATIONS.has(normal);
    const keys = lemma === normal && normal === surface ? [lemma] : [...new Set([lemma, normal, surface])];
    result.push({ role, surface, lemma, normal, skippable: role === "word" && stops[index] === true && !negation, keys, start, end });
  }
  return result;
}

/** The word tokens of a vocabulary phrase (its punctuation is dropped). */
export function analyzePhrase(phrase: string): AnalyzedToken[] {
  return analyzeText(phrase).filter((token) => token.role === "word");
}
