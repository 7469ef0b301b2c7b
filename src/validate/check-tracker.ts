import type { Finding } from "../model/finding.js";
import { findDisallowedCharacter, MAX_PHRASES_PER_TRACKER, MAX_REQUEST_BYTES, measureJsonBytes, RECOMMENDED_MIN_PHRASES } from "../model/limits.js";
import type { ExtractedTracker } from "./extract-tracker.js";
import { encodePointer, locateInScalar, locateNode } from "./locate.js";
import { normalizePhrase } from "./normalize-phrase.js";
import { RULES, type RuleCode } from "./rules.js";

/** Phrases past a few dozen words are flagged as too long anyway; bounding the window keeps hostile input cheap. */
const MAX_CONTAINED_WORDS = 24;

// Fast paths for the common case; the full rules run only when these fail.
const PLAIN_PHRASE = /^[A-Za-z0-9 .'-]*$/;
const SPACING_PROBLEM = /^\s|\s$|\s\s/;

export interface TrackerLintOptions {
  maxPhraseWords: number;
  /** Filler openings, already normalised. */
  fillerOpenings: string[];
  ownershipPrefix: string | undefined;
}

/** The rules that look at one tracker on its own: name, size, and every phrase. */
export function checkTracker(tracker: ExtractedTracker, options: TrackerLintOptions): Finding[] {
  const findings: Finding[] = [];
  const { definition, context } = tracker;
  const add = (rule: RuleCode, message: string, location: { file: string; line: number; column: number }, pointer: string, related?: Finding["related"]): void => {
    const finding: Finding = { rule, severity: RULES[rule].severity, message, ...location, pointer };
    if (related) finding.related = related;
    findings.push(finding);
  };

  const name = definition.name;
  if (name.trim() === "") {
    add("name-invalid", "The tracker name is empty. Give the tracker a name.", definition.source.name, "/name");
  } else if (name !== name.trim()) {
    add("name-invalid", `The tracker name '${name}' has leading or trailing whitespace. Remove it; Symbl names are compared exactly.`, definition.source.name, "/name");
  }
  tracker.previousNameNodes.forEach((node, index) => {
    const previous = String(node.value);
    if (previous.trim() === "" || previous !== previous.trim()) {
      add("name-invalid", `Previous name ${JSON.stringify(previous)} is empty or has leading or trailing whitespace. Write the old name exactly.`, locateNode(context, node), `/previousNames/${index}`);
    }
  });
  const prefix = options.ownershipPrefix;
  if (prefix && !name.startsWith(prefix)) {
    add(
      "name-prefix",
      `The tracker name '${name}' does not start with the ownership prefix '${prefix}' (tracker-sync.yaml), so plan and apply would not manage it. Rename it to '${prefix}${name}' or change ownership.prefix.`,
      definition.source.name,
      "/name",
    );
  }
  if (definition.retired) return findings;

  const vocabulary = definition.vocabulary;
  const vocabularyLocation = locateNode(context, tracker.vocabularyNode ?? tracker.nameNode);
  if (vocabulary.length === 0) {
    add("vocabulary-empty", `Tracker '${name}' has no phrases. Add between ${RECOMMENDED_MIN_PHRASES} and ${MAX_PHRASES_PER_TRACKER} phrases, or mark it 'retired: true' to delete it.`, vocabularyLocation, "/vocabulary");
  } else if (vocabulary.length > MAX_PHRASES_PER_TRACKER) {
    add(
      "vocabulary-too-many",
      `Tracker '${name}' has ${vocabulary.length} phrases; Symbl allows at most ${MAX_PHRASES_PER_TRACKER}. Remove phrases or split the tracker in two.`,
      definition.source.phrases[MAX_PHRASES_PER_TRACKER] ?? vocabularyLocation,
      `/vocabulary/${MAX_PHRASES_PER_TRACKER}`,
    );
  } else if (vocabulary.length < RECOMMENDED_MIN_PHRASES) {
    add(
      "vocabulary-too-few",
      `Tracker '${name}' has ${vocabulary.length} phrase${vocabulary.length === 1 ? "" : "s"}; Symbl recommends at least ${RECOMMENDED_MIN_PHRASES}. Add more ways people say it.`,
      vocabularyLocation,
      "/vocabulary",
    );
  }
  const bytes = measureJsonBytes({ name, vocabulary });
  if (bytes > MAX_REQUEST_BYTES) {
    add(
      "tracker-too-large",
      `Tracker '${name}' would be sent as a ${bytes}-byte request; Symbl rejects bodies over ${MAX_REQUEST_BYTES} bytes (1 MiB). Shorten the phrases or split the tracker.`,
      definition.source.name,
      "",
    );
  }

  const firstByExact = new Map<string, number>();
  const firstByNormal = new Map<string, number>();
  const normals: string[] = [];
  vocabulary.forEach((phrase, index) => {
    const node = tracker.phraseNodes[index]!;
    const location = definition.source.phrases[index]!;
    const pointer = `/vocabulary/${index}`;
    const normal = normalizePhrase(phrase);
    normals.push(normal);
    tracker.normalized.push(normal);
    if (phrase.trim() === "") {
      add("phrase-empty", "This phrase is empty. Remove it or write the words to detect.", location, pointer);
      return;
    }
    const bad = PLAIN_PHRASE.test(phrase) ? -1 : findDisallowedCharacter(phrase);
    if (bad >= 0) {
      const character = String.fromCodePoint(phrase.codePointAt(bad)!);
      add(
        "phrase-character",
        `Phrase '${phrase}' contains ${describeCharacter(character)}, which Symbl does not accept. Use only letters, digits, spaces, periods, apostrophes and dashes.`,
        locateInScalar(context, node, bad),
        pointer,
      );
    }
    const whitespace = SPACING_PROBLEM.exec(phrase);
    if (whitespace) {
      const repeated = phrase.search(/\s\s/);
      const index = /^\s/.test(phrase) ? 0 : repeated >= 0 ? repeated : phrase.length - 1;
      add("phrase-whitespace", `Phrase '${phrase}' has leading, trailing or repeated spaces. Remove them; they can stop exact matches.`, locateInScalar(context, node, index), pointer);
    }
    const words = countWords(phrase);
    if (words > options.maxPhraseWords) {
      add("phrase-too-long", `Phrase '${phrase}' has ${words} words (more than ${options.maxPhraseWords}). Long phrases rarely match what people say; shorten it to the words that carry the meaning.`, location, pointer);
    }
    const filler = options.fillerOpenings.find((opening) => normal === opening || normal.startsWith(opening + " "));
    if (filler !== undefined) {
      add("phrase-filler-opening", `Phrase '${phrase}' starts with the filler '${filler}'. Drop it so the phrase matches however the sentence begins.`, location, pointer);
    }
    const exact = firstByExact.get(phrase);
    if (exact !== undefined) {
      add("phrase-duplicate", `Phrase '${phrase}' is already listed at line ${definition.source.phrases[exact]!.line}; Symbl rejects a tracker with duplicate phrases. Remove one.`, location, pointer, [
        { ...definition.source.phrases[exact]!, message: "first listed here" },
      ]);
      return;
    }
    firstByExact.set(phrase, index);
    const similar = normal === "" ? undefined : firstByNormal.get(normal);
    if (similar !== undefined) {
      add(
        "phrase-duplicate-normalized",
        `Phrase '${phrase}' is the same as '${vocabulary[similar]}' (line ${definition.source.phrases[similar]!.line}) apart from case, spacing or punctuation. Keep one of them.`,
        location,
        pointer,
        [{ ...definition.source.phrases[similar]!, message: "similar phrase here" }],
      );
      return;
    }
    if (normal !== "") firstByNormal.set(normal, index);
  });

  // Sub-phrases are looked up in a hash map, so the check is linear in the number of phrases.
  const firstWords = new Set<string>();
  for (const normal of firstByNormal.keys()) {
    const space = normal.indexOf(" ");
    firstWords.add(space < 0 ? normal : normal.slice(0, space));
  }
  normals.forEach((normal, index) => {
    if (!normal.includes(" ") || firstByNormal.get(normal) !== index) return;
    const contained = findContainedPhrase(normal.split(" "), firstByNormal, firstWords, index);
    if (contained === undefined) return;
    add(
      "phrase-redundant",
      `Phrase '${vocabulary[index]}' contains the phrase '${vocabulary[contained]}' (line ${definition.source.phrases[contained]!.line}) as whole words, so it adds nothing an exact match would not already find. Remove the longer phrase unless you want it for context.`,
      definition.source.phrases[index]!,
      encodePointer(["vocabulary", index]),
      [{ ...definition.source.phrases[contained]!, message: "shorter phrase here" }],
    );
  });
  return findings;
}

/** Index of another phrase that appears inside `words` as a run of whole words, if any. */
function findContainedPhrase(words: string[], phrases: Map<string, number>, firstWords: Set<string>, self: number): number | undefined {
  for (let start = 0; start < words.length; start++) {
    // Only runs that begin with some phrase's first word can match; most starts are skipped at once.
    if (!firstWords.has(words[start]!)) continue;
    let run = "";
    const end = Math.min(words.length, start + MAX_CONTAINED_WORDS);
    for (let stop = start; stop < end; stop++) {
      run = stop === start ? words[stop]! : `${run} ${words[stop]}`;
      if (stop - start + 1 === words.length) break;
      const found = phrases.get(run);
      if (found !== undefined && found !== self) return found;
    }
  }
  return undefined;
}

function countWords(phrase: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < phrase.length; index++) {
    const code = phrase.charCodeAt(index);
    const space = code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function describeCharacter(character: string): string {
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  if (character === "\t") return `a tab (${code})`;
  if (/\s/u.test(character)) return `a non-standard space (${code})`;
  if (/\p{C}/u.test(character)) return `an invisible control character (${code})`;
  return `'${character}' (${code})`;
}
