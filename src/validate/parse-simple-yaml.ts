import { Document, type LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";

/**
 * A fast reader for the plain block YAML that nearly every tracker file and tracker-sync.yaml are: `key: scalar`
 * (a decimal integer or a boolean too), `key: {}`, `key: ["quoted", "list"]`, `key:` followed by a nested mapping
 * or a list of scalars, and whole-line comments. It builds the same yaml nodes, with the same
 * ranges, that the full parser builds, so every finding keeps its exact file:line:column; on anything else
 * (flow collections, anchors, tags, block scalars, multi-line or ambiguous scalars, documents markers,
 * duplicate keys, tabs, CR) it returns undefined and the caller uses the full parser. The full parser costs
 * most of validate's time on a large account, and ~10 ms of a one-file validate's start-up on the config alone
 * (its code runs cold); this one costs a line split and a few regular expressions.
 * test/validate/parse-simple-yaml.test.ts checks it against the full parser.
 */
export function parseSimpleDocument(text: string, lineCounter: LineCounter): Document | undefined {
  if (UNSUPPORTED_TEXT.test(text)) return undefined;
  const lines = readLines(text);
  if (lines === undefined || lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  // Blank lines or comments after the last node extend the document's range in ways not mirrored here.
  const last = lines[lines.length - 1]!;
  if (last.start + last.content.length + (last.newline ? 1 : 0) !== text.length) return undefined;
  const cursor = { index: 0 };
  const root = readMap(lines, cursor, 0);
  if (root === undefined || cursor.index !== lines.length) return undefined;
  lineCounter.addNewLine(0);
  for (let offset = text.indexOf("\n"); offset >= 0; offset = text.indexOf("\n", offset + 1)) lineCounter.addNewLine(offset + 1);
  const document = new Document(undefined, DOCUMENT_OPTIONS);
  document.contents = root;
  document.range = [root.range![0], text.length, text.length];
  return document;
}

// The same options the full parser gets in parse-documents.ts, so toJS and later checks behave the same.
const DOCUMENT_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true, logLevel: "error" } as const;

// CR, tab, BOM, NEL, line/paragraph separators and other controls change how YAML reads a line: full parser.
const UNSUPPORTED_TEXT = /[\r\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]|^(?:---|\.\.\.|%)/m;

interface Line {
  indent: number;
  /** Offset of the first non-space character. */
  start: number;
  /** The line after its indentation. */
  content: string;
  /** A line break follows (the full parser counts it into the node's end). */
  newline: boolean;
}

/** Lines with content, comments and blank lines dropped; undefined when a comment follows content on a line. */
function readLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let start = lineStart;
    while (start < lineEnd && text.charCodeAt(start) === 32) start++;
    // A line of spaces only counts into the ranges of the nodes around it: full parser.
    if (start === lineEnd && start > lineStart) return undefined;
    // So does an indented comment (it may belong to the collection above it).
    if (start > lineStart && text.charCodeAt(start) === 35 /* # */) return undefined;
    if (start < lineEnd && text.charCodeAt(start) !== 35 /* # */) {
      const content = text.slice(start, lineEnd);
      // Trailing spaces and " #" comments after content: leave their exact ranges to the full parser.
      if (content.endsWith(" ") || content.includes(" #")) return undefined;
      lines.push({ indent: start - lineStart, start, content, newline: lineEnd < text.length });
    }
    lineStart = lineEnd + 1;
  }
  return lines;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
// A plain scalar that the core schema reads as a string, on one line: starts with a letter, and holds none
// of the characters that start YAML syntax inside a line (": ", " #" and trailing spaces are excluded above).
const PLAIN_STRING = /^\p{L}[\p{L}\p{M}\p{N} '.,?!()/+=;$%_"-]*$/u;
// Its ASCII part, tried first: V8 compiles a \p{...} class on first use (~1 ms of a one-file validate's start).
const PLAIN_ASCII_STRING = /^[A-Za-z][A-Za-z0-9 '.,?!()/+=;$%_"-]*$/;
const NOT_STRING = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const DOUBLE_QUOTED = /^"[^"\\]*"$/;
// Integers the core schema reads as the same number (no sign, no leading zero, exact as a double).
const DECIMAL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
// A flow sequence of quoted strings with no escapes, written `["a", "b"]`: each item's range then ends at its
// closing quote. Other spacing (`[ "a" ]`, `"a" ,`) moves the ranges and is left to the full parser.
const FLOW_QUOTED_ITEM = /"[^"\\]*"|'[^']*'(?!')/y;
const SINGLE_QUOTED = /^'[^']*'$/;

function readMap(lines: readonly Line[], cursor: { index: number }, indent: number): YAMLMap | undefined {
  const map = new YAMLMap();
  const keys = new Set<string>();
  while (cursor.index < lines.length) {
    const line = lines[cursor.index]!;
    if (line.indent < indent) break;
    if (line.indent > indent) return undefined;
    const match = KEY_LINE.exec(line.content);
    if (!match) return undefined;
    const keyText = match[1]!;
    if (keys.has(keyText)) return undefined;
    keys.add(keyText);
    const key = createScalar(keyText, keyText, "PLAIN", [line.start, line.start + keyText.length, line.start + keyText.length]);
    cursor.index++;
    let value: Scalar | YAMLMap | YAMLSeq | undefined;
    if (match[2] !== undefined) {
      const start = line.start + keyText.length + 2;
      value = match[2].startsWith("[") || match[2].startsWith("{") ? readFlow(match[2], start, line.newline) : readScalar(match[2], start, line.newline, true);
    } else {
      const next = lines[cursor.index];
      if (next === undefined) return undefined;
      if (next.content.startsWith("- ") && next.indent >= indent) value = readSeq(lines, cursor, next.indent);
      else if (next.indent > indent) value = readMap(lines, cursor, next.indent);
    }
    if (value === undefined) return undefined;
    map.items.push(new Pair(key, value));
  }
  if (map.items.length === 0) return undefined;
  const first = map.items[0]!.key as Scalar;
  const last = map.items[map.items.length - 1]!.value as Scalar | YAMLMap | YAMLSeq;
  map.range = [first.range![0], last.range![2], last.range![2]];
  return map;
}

function readSeq(lines: readonly Line[], cursor: { index: number }, indent: number): YAMLSeq | undefined {
  const seq = new YAMLSeq();
  while (cursor.index < lines.length) {
    const line = lines[cursor.index]!;
    if (line.indent !== indent || !line.content.startsWith("- ")) break;
    const item = readScalar(line.content.slice(2), line.start + 2, line.newline, false);
    if (item === undefined) return undefined;
    seq.items.push(item);
    cursor.index++;
  }
  const last = seq.items[seq.items.length - 1] as Scalar;
  seq.range = [(seq.items[0] as Scalar).range![0] - 2, last.range![2], last.range![2]];
  return seq;
}

/** `{}`, `[]` or `["a", 'b']` as a mapping's value; undefined for any other flow collection. */
function readFlow(raw: string, start: number, newline: boolean): YAMLMap | YAMLSeq | undefined {
  const end = start + raw.length;
  const range: [number, number, number] = [start, end, newline ? end + 1 : end];
  if (raw === "{}") return Object.assign(new YAMLMap(), { flow: true, range });
  if (!raw.endsWith("]")) return undefined;
  const seq = Object.assign(new YAMLSeq(), { flow: true, range });
  const close = raw.length - 1;
  let offset = 1;
  while (offset < close) {
    FLOW_QUOTED_ITEM.lastIndex = offset;
    const item = FLOW_QUOTED_ITEM.exec(raw)?.[0];
    if (item === undefined) return undefined;
    const itemStart = start + offset;
    const itemEnd = itemStart + item.length;
    seq.items.push(createScalar(item.slice(1, -1), item.slice(1, -1), item.startsWith('"') ? "QUOTE_DOUBLE" : "QUOTE_SINGLE", [itemStart, itemEnd, itemEnd]));
    offset += item.length;
    if (offset === close) return seq;
    if (raw.charCodeAt(offset) !== 44 /* , */ || raw.charCodeAt(offset + 1) !== 32 /* space */) return undefined;
    offset += 2;
    while (raw.charCodeAt(offset) === 32) offset++;
  }
  // `[]`, or a separator right before `]` (a trailing comma): only the first is read here.
  return offset === 1 ? seq : undefined;
}

function readScalar(raw: string, start: number, newline: boolean, allowBoolean: boolean): Scalar | undefined {
  const end = start + raw.length;
  const nodeEnd = newline ? end + 1 : end;
  if (DOUBLE_QUOTED.test(raw)) return createScalar(raw.slice(1, -1), raw.slice(1, -1), "QUOTE_DOUBLE", [start, end, nodeEnd]);
  if (SINGLE_QUOTED.test(raw)) return createScalar(raw.slice(1, -1), raw.slice(1, -1), "QUOTE_SINGLE", [start, end, nodeEnd]);
  if (allowBoolean && (raw === "true" || raw === "false")) return createScalar(raw === "true", raw, "PLAIN", [start, end, nodeEnd]);
  if (allowBoolean && DECIMAL_INTEGER.test(raw)) return createScalar(Number(raw), raw, "PLAIN", [start, end, nodeEnd]);
  if (!(PLAIN_ASCII_STRING.test(raw) || PLAIN_STRING.test(raw)) || NOT_STRING.test(raw)) return undefined;
  return createScalar(raw, raw, "PLAIN", [start, end, nodeEnd]);
}

function createScalar(value: string | boolean | number, source: string, type: Scalar.Type, range: [number, number, number]): Scalar {
  const scalar = new Scalar(value);
  scalar.source = source;
  scalar.type = type;
  scalar.range = range;
  return scalar;
}
