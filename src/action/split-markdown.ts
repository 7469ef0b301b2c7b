/** GitHub rejects issue and comment bodies above this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** Enough room for the closers and re-openers a split adds; below it no progress is guaranteed. */
const MIN_LIMIT = 512;

type OpenBlock = { kind: "fence"; opener: string; char: "`" | "~"; length: number } | { kind: "details"; opener: string; summary?: string };

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Splits Markdown into parts of at most `limit` characters, cutting only between lines. A part that ends
 * inside a code fence or `<details>` block closes it, and the next part opens it again, so every part
 * renders on its own. Lines longer than a part are cut hard (plans never have such lines in practice).
 */
export function splitMarkdown(markdown: string, limit: number): string[] {
  if (limit < MIN_LIMIT) throw new RangeError(`A Markdown part must allow at least ${MIN_LIMIT} characters; got ${limit}.`);
  const parts: string[] = [];
  let stack: OpenBlock[] = [];
  let lines: string[] = [];
  let length = 0;

  const startPart = () => {
    lines = stack.map(reopenLine);
    length = lines.reduce((sum, line) => sum + line.length + 1, 0);
  };
  const finishPart = () => {
    parts.push([...lines, ...closeLines(stack)].join("\n"));
  };

  startPart();
  for (const line of markdown.split("\n")) {
    const after = applyLine(stack, line);
    if (length + line.length + closeLength(after) <= limit) {
      lines.push(line);
      length += line.length + 1;
      stack = after;
      continue;
    }
    if (lines.length > stack.length) {
      finishPart();
      startPart();
      if (length + line.length + closeLength(after) <= limit) {
        lines.push(line);
        length += line.length + 1;
        stack = after;
        continue;
      }
    }
    // A single line longer than a whole part: cut it into pieces that each fit.
    const room = Math.max(1, limit - length - Math.max(closeLength(stack), closeLength(after)) - 1);
    let rest = line;
    while (rest.length > 0) {
      const piece = rest.slice(0, room);
      rest = rest.slice(piece.length);
      lines.push(piece);
      if (rest.length > 0) {
        finishPart();
        startPart();
      }
    }
    length = lines.reduce((sum, kept) => sum + kept.length + 1, 0);
    stack = after;
  }
  finishPart();
  return parts;
}

export interface FitOptions {
  /** Always kept, before the body (title, validation result, summary). */
  head: string;
  /** Cut at a safe boundary when the whole text does not fit. */
  body: string;
  /** Always kept, after the body (fingerprint, links). */
  tail: string;
  /** Replaces `tail` when the body was cut, e.g. to repeat facts that sat at the end of the body. */
  truncatedTail?: string;
  limit: number;
  /** Inserted after the cut body; says what was left out and where to find it. */
  truncationNote: (shownCharacters: number, totalCharacters: number) => string;
}

/** Joins head, body and tail within `limit`, cutting only the body, with balanced fences and `<details>`. */
export function fitMarkdown(options: FitOptions): { text: string; truncated: boolean } {
  const { head, body, limit } = options;
  const whole = joinSections([head, body, options.tail]);
  if (whole.length <= limit) return { text: whole, truncated: false };
  const tail = options.truncatedTail ?? options.tail;
  // The note's length depends on the numbers in it; the longest possible numbers bound it.
  const noteRoom = options.truncationNote(body.length, body.length).length;
  const bodyRoom = limit - joinSections([head, "", tail]).length - noteRoom - 4;
  if (bodyRoom < MIN_LIMIT) {
    throw new RangeError(`The fixed sections of the comment leave only ${bodyRoom} characters for the plan.`);
  }
  const shown = splitMarkdown(body, bodyRoom)[0] ?? "";
  const text = joinSections([head, shown, options.truncationNote(shown.length, body.length), tail]);
  return { text, truncated: true };
}

function joinSections(sections: string[]): string {
  return sections.filter((section) => section !== "").join("\n\n");
}

/** The stack of open blocks after `line`; the input stack is not changed. */
function applyLine(stack: readonly OpenBlock[], line: string): OpenBlock[] {
  const next = [...stack];
  const top = next[next.length - 1];
  const fence = FENCE_LINE.exec(line);
  if (top?.kind === "fence") {
    const marker = fence?.[1];
    if (marker && marker[0] === top.char && marker.length >= top.length && fence[2]!.trim() === "") next.pop();
    return next;
  }
  if (fence) {
    const marker = fence[1]!;
    // A backtick fence's info string may not contain backticks; such a line is inline code, not a fence.
    if (!(marker[0] === "`" && fence[2]!.includes("`"))) {
      next.push({ kind: "fence", opener: line, char: marker[0] as "`" | "~", length: marker.length });
      return next;
    }
  }
  for (const tag of line.matchAll(/<details\b[^>]*>|<\/details>|<summary>(.*?)<\/summary>/gi)) {
    const text = tag[0];
    if (text.toLowerCase().startsWith("<details")) next.push({ kind: "details", opener: text });
    else if (text.toLowerCase() === "</details>") {
      if (next[next.length - 1]?.kind === "details") next.pop();
    } else {
      const current = next[next.length - 1];
      if (current?.kind === "details" && current.summary === undefined) {
        next[next.length - 1] = { ...current, summary: tag[1] ?? "" };
      }
    }
  }
  return next;
}

function reopenLine(block: OpenBlock): string {
  if (block.kind === "fence") return block.opener;
  return `${block.opener}<summary>${block.summary ?? "Details"} (continued)</summary>\n`;
}

function closeLines(stack: readonly OpenBlock[]): string[] {
  return [...stack].reverse().map((block) => (block.kind === "fence" ? block.char.repeat(block.length) : "\n</details>"));
}

/** Characters the closers of `stack` add at the end of a part, newlines included. */
function closeLength(stack: readonly OpenBlock[]): number {
  return closeLines(stack).reduce((sum, line) => sum + line.length + 1, 0);
}
