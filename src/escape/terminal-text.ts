/**
 * Untrusted text (tracker names, phrases, file names, server messages) on a terminal or in a CI log.
 * A raw ESC can move the cursor and erase lines (a name once erased the delete block at the apply prompt),
 * a line break can start a fake line (or a `::workflow-command::` in an Actions log), and bidi or
 * zero-width characters make two different names look the same. Each such character becomes a visible
 * escape: `\n`, `\t`, `\x1b`, `\u202e`. A backslash stays as it is; the escapes are for reading, not parsing.
 */
export function escapeTerminalText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, describeCharacter);
}

/**
 * C0 and C1 controls (ESC and DEL included), line and paragraph separators, bidi embeddings, overrides,
 * isolates and marks, zero-width characters, the word joiner and invisible operators, and the BOM.
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/gu;

/** True when the text holds a character escapeTerminalText would replace. */
export function hasUnsafeCharacter(text: string): boolean {
  return new RegExp(UNSAFE_CHARACTERS.source, "u").test(text);
}

/** The first unsafe character, as its visible escape, or undefined. */
export function findUnsafeCharacter(text: string): string | undefined {
  const match = new RegExp(UNSAFE_CHARACTERS.source, "u").exec(text);
  return match ? describeCharacter(match[0]) : undefined;
}

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function describeCharacter(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
