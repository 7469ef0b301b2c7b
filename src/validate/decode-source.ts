import type { Finding } from "../model/finding.js";
import { RULES } from "./rules.js";

/** Larger than any sensible definition file (500 full trackers fit in well under 1 MiB of YAML); parsing is not attempted. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type DecodedSource = { ok: true; text: string; findings: Finding[] } | { ok: false; findings: Finding[] };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Turns a file's bytes into text, or explains why it is not a YAML text file. A UTF-8 byte order mark is
 * accepted and dropped, so columns count from the first real character.
 */
export function decodeSource(file: string, content: Uint8Array | string): DecodedSource {
  const size = typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
  if (size > MAX_FILE_BYTES) {
    return fail(file, "file-too-large", `The file is ${formatMebibytes(size)} MiB; definition files may be at most 4 MiB. Split it into one file per tracker.`, 1, 1);
  }
  let text: string;
  if (typeof content === "string") {
    text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  } else {
    if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
      return fail(file, "file-encoding", "The file is UTF-16 (it starts with a UTF-16 byte order mark). Save it as UTF-8.", 1, 1);
    }
    const nul = content.indexOf(0);
    if (nul >= 0) {
      const { line, column } = positionOfByte(content, nul);
      return fail(file, "file-binary", "The file holds NUL bytes, so it is binary, not YAML. Remove it from the definitions directory or replace it with a YAML text file.", line, column);
    }
    try {
      text = utf8.decode(content);
    } catch {
      const bad = findInvalidUtf8(content);
      const { line, column } = positionOfByte(content, bad);
      return fail(file, "file-encoding", `The file is not valid UTF-8 (byte 0x${(content[bad] ?? 0).toString(16).padStart(2, "0")} at offset ${bad}). Save it as UTF-8.`, line, column);
    }
  }
  const nulInText = text.indexOf("\u0000");
  if (nulInText >= 0) {
    const { line, column } = positionOfIndex(text, nulInText);
    return fail(file, "file-binary", "The file holds NUL characters, so it is binary, not YAML. Remove it from the definitions directory or replace it with a YAML text file.", line, column);
  }
  if (text.trim() === "") {
    return fail(file, "file-empty", "The file is empty. Add a tracker (at least `name:` and `vocabulary:`) or delete the file.", 1, 1);
  }
  const findings: Finding[] = [];
  const mixed = findMixedLineEnding(text);
  if (mixed) {
    findings.push({
      rule: "file-line-endings",
      severity: RULES["file-line-endings"].severity,
      message: "The file mixes CRLF and LF line endings. Convert it to one style (LF is usual in Git repositories).",
      file,
      line: mixed,
      column: 1,
    });
  }
  return { ok: true, text, findings };
}

function fail(file: string, rule: "file-too-large" | "file-binary" | "file-encoding" | "file-empty", message: string, line: number, column: number): DecodedSource {
  return { ok: false, findings: [{ rule, severity: RULES[rule].severity, message, file, line, column }] };
}

function formatMebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** 1-based line of the first line whose ending differs from the first line ending seen, or 0. */
function findMixedLineEnding(text: string): number {
  const firstNewline = text.indexOf("\n");
  if (firstNewline < 0) return 0;
  const crlf = firstNewline > 0 && text.charCodeAt(firstNewline - 1) === 13;
  const hasCr = text.includes("\r");
  if (!crlf && !hasCr) return 0;
  let line = 1;
  for (let index = firstNewline; index >= 0; index = text.indexOf("\n", index + 1)) {
    const isCrlf = index > 0 && text.charCodeAt(index - 1) === 13;
    if (isCrlf !== crlf) return line;
    line++;
  }
  return 0;
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  // Columns count characters, not bytes: skip UTF-8 continuation bytes.
  let column = 1;
  for (let index = lineStart; index < offset; index++) {
    if (((bytes[index] ?? 0) & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}

function positionOfIndex(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - (before.lastIndexOf("\n") + 1) + 1 };
}

/** Offset of the first byte that breaks UTF-8 (called only after the decoder has refused the bytes). */
function findInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next++) {
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    if (length > 1) {
      try {
        utf8.decode(bytes.subarray(index, index + length));
      } catch {
        return index;
      }
    }
    index += length;
  }
  return Math.max(0, bytes.length - 1);
}
