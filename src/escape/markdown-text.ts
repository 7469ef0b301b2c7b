import { escapeTerminalText } from "./terminal-text.js";

/**
 * Untrusted text (a tracker name, a file name, a server message) inside a GitHub comment, issue or job
 * summary, where it may land in Markdown inline text, a table cell or raw HTML such as `<summary>`.
 * Without this a line break ends the HTML block and the rest of a name renders as Markdown: fake
 * "approved" text, links, images and @mentions that notify people.
 *
 * - controls, line breaks, bidi and zero-width characters become visible escapes (one line, no hidden text);
 * - every character Markdown or HTML could read as syntax becomes a numeric character reference, which
 *   GitHub decodes back to the same character in both Markdown and HTML, but never as syntax;
 * - `@` gets a zero-width space behind it, so `@user` and `@org/team` never notify anyone;
 * - `://` and `www.` are broken the same way, so bare URLs are never autolinked.
 *
 * The result is for inline use (not inside backticks: use escapeCodeSpan there).
 */
export function escapeMarkdownText(text: string): string {
  return escapeTerminalText(text)
    .replace(MARKDOWN_SYNTAX, (character) => NAMED_REFERENCES[character] ?? `&#${character.codePointAt(0)};`)
    .replace(/@/g, "@&#8203;")
    .replace(/:\/\//g, ":&#8203;//")
    .replace(/www\./gi, (match) => `${match.slice(0, 3)}&#8203;.`);
}

/**
 * HTML specials, emphasis, link and image brackets, code, table pipes, strikethrough, math and references.
 * The text is always inline (never at the start of a line), so list, heading and quote markers are
 * harmless, and `(` or `!` do nothing without the `[` they need.
 */
const MARKDOWN_SYNTAX = /[&<>"\\`*_~[\]|#{}$]/g;
const NAMED_REFERENCES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Untrusted text inside a Markdown code span (backticks). Nothing is decoded there, so references would
 * show literally; only a backtick, a table pipe or a line break could escape.
 */
export function escapeCodeSpan(text: string): string {
  return escapeTerminalText(text).replace(/`/g, "'").replace(/\|/g, "\\|");
}

/** One line inside a fenced code block: the block ends only at a line break or a fence. */
export function escapeFencedLine(text: string): string {
  return escapeTerminalText(text.replace(/[ \t]+/g, " "))
    .replace(/```/g, "'''")
    .replace(/~~~/g, "'''");
}
