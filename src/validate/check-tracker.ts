import type { Finding } from "../model/finding.js";
import { findDisallowedCharacter, MAX_PHRASES_PER_TRACKER, MAX_REQUEST_BYTES, measureJsonBytes, RECOMMENDED_MIN_PHRASES } from "../model/limits.js";
import type { ExtractedTracker } from "./extract-tracker.js";
import { findFoldedPhrase } from "./check-folded-phrase.js";
import { encodePointer, locateInScalar, locateNode, locateOffset } from "./locate.js";
import { normalizePhrase } from "./normalize-phrase.js";
import { RULES, type RuleCode } from "./rules.js";
import { escapeTerminalText, findUnsafeCharacter } from "../escape/terminal-text.js";
import { describeReservedName } from "../model/reserved-names.js";

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
  checkNameCharacters(name, "The tracker name", (rule, message) => add(rule, message, definition.source.name, "/name"));
  tracker.previousNameNodes.forEach((node, index) => {
    const previous = String(node.value);
    if (previous.trim() === "" || previous !== previous.trim()) {
      add(
        "name-invalid",
        `Previous name ${JSON.stringify(previous)} is empty or has leading or trailing whitespace. Write the old name exactly.`,
        locateNode(context, node),
        `/previousNames/${index}`,
      );
    }
    const unsafe = findUnsafeCharacter(previous);
    if (unsafe)
      add(
        "name-character",
        `Previous name ${JSON.stringify(escapeTerminalText(previous))} holds the invisible or control character ${unsafe}. Write the old name without it.`,
        locateNode(context, node),
        `/previousNames/${index}`,
      );
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
    add(
      "vocabulary-empty",
      `Tracker '${name}' has no phrases. Add between ${RECOMMENDED_MIN_PHRASES} and ${MAX_PHRASES_PER_TRACKER} phrases, or mark it 'retired: true' to delete it.`,
      vocabularyLocation,
      "/vocabulary",
    );
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
  tracker.phraseNodes.forEach((node, index) => {
    const folded = findFoldedPhrase(context.text, node);
    if (!folded) return;
    const continuationLine = locateOffset(context, folded.continuationOffset).line;
    add(
      "phrase-folded",
      `Phrase '${String(node.value)}' continues on line ${continuationLine}, so YAML joined the lines into one phrase. If '${folded.continuation}' is a phrase of its own, start its line with '- ' at the same indentation as the other items; if it is one phrase, write it on one line.`,
      locateNode(context, node),
      `/vocabulary/${index}`,
    );
  });
  const bytes = estimateMaxJsonBytes(name, vocabulary) > MAX_REQUEST_BYTES ? measureJsonBytes({ name, vocabulary }) : 0;
  if (bytes > MAX_REQUEST_BYTES) {
    add(
      "tracker-too-large",
      `Tracker '${name}' would be sent as a ${bytes}-byte request; Symbl rejects bodies over ${MAX_REQUEST_BYTES} bytes (1 MiB). Shorten the phrases or split the tracker.`,
      definition.source.name,
      "",
    );
  }

  const firstByNormal = new Map<string, number>();
  const normals: string[] = [];
  vocabulary.forEach((phrase, index) => {
    const node = tracker.phraseNodes[index]!;
    const location = definition.source.phrases[index]!;
    const pointer = `/vocabulary/${index}`;
    const normal = normalizePhrase(phrase);
    normals.push(normal);
    tracker.normalized.push(normal);
    // One pass settles the common case (ASCII words, single spaces); the full checks run only when it fails.
    let words = countPlainWords(phrase);
    if (words < 0) {
      if (phrase.trim() === "") {
        add("phrase-empty", "This phrase is empty. Remove it or write the words to detect.", location, pointer);
        return;
      }
      const bad = findDisallowedCharacter(phrase);
      if (bad >= 0) {
        const character = String.fromCodePoint(phrase.codePointAt(bad)!);
        add(
          "phrase-character",
          `Phrase '${phrase}' contains ${describeCharacter(character)}, which Symbl does not accept. Use only letters, digits, spaces, periods, apostrophes and dashes.`,
          locateInScalar(context, node, bad),
          pointer,
        );
      }
      if (SPACING_PROBLEM.test(phrase)) {
        const repeated = phrase.search(/\s\s/);
        const index = /^\s/.test(phrase) ? 0 : repeated >= 0 ? repeated : phrase.length - 1;
        add("phrase-whitespace", `Phrase '${phrase}' has leading, trailing or repeated spaces. Remove them; they can stop exact matches.`, locateInScalar(context, node, index), pointer);
      }
      words = countWords(phrase);
    }
    if (words > options.maxPhraseWords) {
      add(
        "phrase-too-long",
        `Phrase '${phrase}' has ${words} words (more than ${options.maxPhraseWords}). Long phrases rarely match what people say; shorten it to the words that carry the meaning.`,
        location,
        pointer,
      );
    }
    const filler = findFillerOpening(normal, options.fillerOpenings);
    if (filler !== undefined) {
      add("phrase-filler-opening", `Phrase '${phrase}' starts with the filler '${filler}'. Drop it so the phrase matches however the sentence begins.`, location, pointer);
    }
    // A phrase of punctuation only normalises to ""; keyed by itself, it can only collide with an exact repeat.
    const key = normal === "" ? `\u0000${phrase}` : normal;
    const similar = firstByNormal.get(key);
    if (similar === undefined) {
      firstByNormal.set(key, index);
      return;
    }
    // Same normal form: an exact repeat of some earlier phrase is the API's own error; otherwise a near-duplicate.
    const exact = vocabulary[similar] === phrase ? similar : vocabulary.indexOf(phrase);
    if (exact >= 0 && exact < index) {
      add(
        "phrase-duplicate",
        `Phrase '${phrase}' is already listed at line ${definition.source.phrases[exact]!.line}; Symbl rejects a tracker with duplicate phrases. Remove one.`,
        location,
        pointer,
        [{ ...definition.source.phrases[exact]!, message: "first listed here" }],
      );
      return;
    }
    add(
      "phrase-duplicate-normalized",
      `Phrase '${phrase}' is the same as '${vocabulary[similar]}' (line ${definition.source.phrases[similar]!.line}) apart from case, spacing or punctuation. Keep one of them.`,
      location,
      pointer,
      [{ ...definition.source.phrases[similar]!, message: "similar phrase here" }],
    );
  });

  // Only runs as long as some phrase can match: a 60,000-word phrase must not cost 60,000² look-ups.
  const wordCounts = [...new Set(normals.filter((normal) => normal !== "").map(countSpaces))].map((spaces) => spaces + 1).sort((a, b) => a - b);
  normals.forEach((normal, index) => {
    if (!normal.includes(" ") || firstByNormal.get(normal) !== index) return;
    const contained = findContainedPhrase(normal, firstByNormal, wordCounts);
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

/**
 * Index of the earliest-listed shorter phrase that appears inside `normal` as a run of whole words, if any.
 * Looks up the word runs of `normal` whose length some phrase has (`wordCounts`, ascending) instead of scanning
 * other phrases, so a tracker whose phrases all share a first word stays linear in its phrase count, and a
 * huge phrase costs its word count times the number of distinct phrase lengths.
 */
function findContainedPhrase(normal: string, firstByNormal: ReadonlyMap<string, number>, wordCounts: readonly number[]): number | undefined {
  const bounds = [-1];
  for (let index = normal.indexOf(" "); index >= 0; index = normal.indexOf(" ", index + 1)) bounds.push(index);
  bounds.push(normal.length);
  const words = bounds.length - 1;
  for (let from = 0; from < words; from++) {
    let found: number | undefined;
    for (const length of wordCounts) {
      if (length >= words || from + length > words) break;
      const index = firstByNormal.get(normal.slice(bounds[from]! + 1, bounds[from + length]));
      if (index !== undefined && (found === undefined || index < found)) found = index;
    }
    if (found !== undefined) return found;
  }
  return undefined;
}

function countSpaces(text: string): number {
  let count = 0;
  for (let index = text.indexOf(" "); index >= 0; index = text.indexOf(" ", index + 1)) count++;
  return count;
}

function findFillerOpening(normal: string, openings: readonly string[]): string | undefined {
  for (const opening of openings) {
    if (normal.startsWith(opening) && (normal.length === opening.length || normal.charCodeAt(opening.length) === 32)) return opening;
  }
  return undefined;
}

/** An upper bound of the JSON body size: no character takes more than 6 bytes (a \\u escape), each string adds 3. */
function estimateMaxJsonBytes(name: string, vocabulary: readonly string[]): number {
  let characters = name.length;
  for (const phrase of vocabulary) characters += phrase.length;
  return 64 + 6 * characters + 3 * vocabulary.length;
}

/**
 * Word count of a phrase made only of ASCII letters, digits, `.`, `'`, `-` and single inner spaces;
 * -1 for anything else (empty, other characters, leading, trailing or repeated spaces).
 */
function countPlainWords(phrase: string): number {
  let words = 0;
  let previousSpace = true;
  for (let index = 0; index < phrase.length; index++) {
    const code = phrase.charCodeAt(index);
    if (code === 32) {
      if (previousSpace) return -1;
      previousSpace = true;
      continue;
    }
    const allowed = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 46 || code === 39 || code === 45;
    if (!allowed) return -1;
    if (previousSpace) words++;
    previousSpace = false;
  }
  return previousSpace ? -1 : words;
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

/**
 * Names are shown in comments, logs and prompts; a control, zero-width or bidi character there can hide
 * text, fake lines or make two names look alike. Reserved names belong to tracker-sync itself.
 */
function checkNameCharacters(name: string, label: string, add: (rule: RuleCode, message: string) => void): void {
  const unsafe = findUnsafeCharacter(name);
  const shown = escapeTerminalText(name);
  if (unsafe) add("name-character", `${label} '${shown}' holds the invisible or control character ${unsafe}. Remove it; names may only hold visible characters and spaces.`);
  const reserved = describeReservedName(name);
  if (reserved) add("name-reserved", `${label} '${shown}' is reserved: ${reserved}. Choose another name.`);
}
