import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";

/**
 * Adds `environment` to the `environments:` list of the given documents of a YAML file, changing nothing
 * else: the yaml Document API finds each list's exact range and the new entry is spliced into the text, so
 * comments, quoting, key order and the other documents stay byte for byte. Throws when a list cannot be
 * found where loading saw it (the file changed in between). Pure.
 */
export function addEnvironmentToSource(text: string, documentIndexes: readonly number[], environment: string): string {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = bom ? text.slice(1) : text;
  const newline = body.includes("\r\n") ? "\r\n" : "\n";
  const documents = parseAllDocuments(body);
  if (!Array.isArray(documents)) throw new Error("The file holds no YAML document any more.");
  const insertions: Array<{ at: number; text: string }> = [];
  for (const index of documentIndexes) {
    const root = documents[index]?.contents as Node | null | undefined;
    const list = isMap(root) ? (root.get("environments", true) as Node | undefined) : undefined;
    if (!isSeq(list) || !list.range || list.items.length === 0) throw new Error(`Document ${index + 1} has no 'environments:' list any more.`);
    if (list.items.some((item) => isScalar(item) && item.value === environment)) continue;
    if (list.flow) {
      const close = body.lastIndexOf("]", list.range[1] - 1);
      insertions.push({ at: close, text: `, ${environment}` });
      continue;
    }
    const last = list.items[list.items.length - 1] as Node;
    const lineEnd = body.indexOf("\n", last.range![1]);
    const at = lineEnd === -1 ? body.length : body[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
    const lineStart = body.lastIndexOf("\n", list.range[0] - 1) + 1;
    const indent = body.slice(lineStart, list.range[0]).replace(/\S/g, " ");
    insertions.push({ at, text: `${newline}${indent}- ${environment}` });
  }
  let result = body;
  for (const insertion of insertions.sort((a, b) => b.at - a.at)) result = result.slice(0, insertion.at) + insertion.text + result.slice(insertion.at);
  return bom + result;
}
