import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from "yaml";
import type { SourceLocation, TrackerDefinition } from "../model/tracker.js";
import { findPair as findKeyedPair, locateNode, type SourceContext } from "./locate.js";

/** A tracker with the YAML nodes its rules need for exact columns. */
export interface ExtractedTracker {
  definition: TrackerDefinition;
  context: SourceContext;
  nameNode: Scalar;
  vocabularyNode: Node | undefined;
  phraseNodes: Scalar[];
  previousNameNodes: Scalar[];
  /** normalizePhrase of each phrase, filled by checkTracker for the cross-tracker rules. */
  normalized: string[];
  /** The keys of the generation-2-only fields, when present (for the generation-field-ignored rule). */
  generationFieldKeys: Array<{ field: "categories" | "languages"; key: Node }>;
}

/**
 * Builds a tracker from a parsed document when its core fields have usable types: `name` is a string and
 * `vocabulary` is a list of strings (or absent on a retired tracker). Test examples of the wrong type are
 * left out; the schema check has already reported them.
 */
export function extractTracker(context: SourceContext, documentIndex: number, document: Document): ExtractedTracker | undefined {
  // Aliases are followed to their anchors; the parser has already bounded how far they expand.
  const resolve = (node: unknown): Node | null | undefined => (isAlias(node) ? node.resolve(document) : (node as Node | null | undefined));
  const findPair = (map: YAMLMap, key: string) => {
    const pair = findKeyedPair(map, key);
    return pair && { key: pair.key, value: resolve(pair.value) };
  };
  const readScalar = (map: YAMLMap, key: string): unknown => {
    const node = findPair(map, key)?.value;
    return isScalar(node) ? node.value : undefined;
  };
  const readStringItems = (node: Node | null | undefined): Scalar[] => {
    if (!isSeq(node)) return [];
    const items: Scalar[] = [];
    for (const item of node.items) {
      const resolved = resolve(item);
      if (isScalar(resolved) && typeof resolved.value === "string") items.push(resolved);
    }
    return items;
  };
  const readStrictStringItems = (node: Node | null | undefined): Scalar[] | undefined => {
    if (!isSeq(node)) return [];
    const items = readStringItems(node);
    return items.length === node.items.length ? items : undefined;
  };
  const root = resolve(document.contents);
  if (!isMap(root)) return undefined;
  const nameNode = findPair(root, "name")?.value;
  if (!isScalar(nameNode) || typeof nameNode.value !== "string") return undefined;
  const retired = readScalar(root, "retired") === true;
  const vocabularyNode = findPair(root, "vocabulary")?.value ?? undefined;
  if (vocabularyNode === undefined ? !retired : !isSeq(vocabularyNode)) return undefined;
  // Lint findings point at list indexes, so a list with a non-string entry (already a schema error) is not used.
  const phraseNodes = readStrictStringItems(vocabularyNode);
  const previousNameNodes = readStrictStringItems(findPair(root, "previousNames")?.value);
  if (!phraseNodes || !previousNameNodes) return undefined;
  const description = readScalar(root, "description");
  const definition: TrackerDefinition = {
    name: nameNode.value,
    vocabulary: phraseNodes.map((node) => node.value as string),
    previousNames: previousNameNodes.map((node) => node.value as string),
    retired,
    source: {
      file: context.file,
      documentIndex,
      name: locateNode(context, nameNode),
      phrases: phraseNodes.map((node) => locateNode(context, node)),
    },
  };
  if (typeof description === "string") definition.description = description;
  // Only lists whose every entry is a string are kept; anything else is already a schema error.
  const categoryNodes = readStrictStringItems(findPair(root, "categories")?.value);
  const languageNodes = readStrictStringItems(findPair(root, "languages")?.value);
  if (findPair(root, "categories") && categoryNodes) definition.categories = values(categoryNodes);
  if (findPair(root, "languages") && languageNodes) definition.languages = values(languageNodes);
  const environmentsNode = findPair(root, "environments")?.value;
  if (isSeq(environmentsNode)) {
    // Entries of the wrong type are schema errors already; the strings left still restrict the tracker.
    const environmentNodes = readStringItems(environmentsNode);
    definition.environments = values(environmentNodes);
    definition.source.environments = locateAll(context, environmentNodes);
  }
  const testsNode = findPair(root, "tests")?.value;
  if (isMap(testsNode)) {
    const shouldMatch = readStringItems(findPair(testsNode, "shouldMatch")?.value);
    const shouldNotMatch = readStringItems(findPair(testsNode, "shouldNotMatch")?.value);
    definition.tests = { shouldMatch: values(shouldMatch), shouldNotMatch: values(shouldNotMatch) };
    definition.source.tests = { shouldMatch: locateAll(context, shouldMatch), shouldNotMatch: locateAll(context, shouldNotMatch) };
  }
  const generationFieldKeys: ExtractedTracker["generationFieldKeys"] = [];
  for (const field of ["categories", "languages"] as const) {
    const pair = findPair(root, field);
    if (pair) generationFieldKeys.push({ field, key: pair.key as Node });
  }
  return { definition, context, nameNode, vocabularyNode, phraseNodes, previousNameNodes, normalized: [], generationFieldKeys };
}

function values(nodes: Scalar[]): string[] {
  return nodes.map((node) => node.value as string);
}

function locateAll(context: SourceContext, nodes: Scalar[]): SourceLocation[] {
  return nodes.map((node) => locateNode(context, node));
}
