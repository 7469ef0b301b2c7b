import trackerSchema from "../../schemas/tracker.schema.json" with { type: "json" };
import type { Config } from "../model/config.js";
import { compareFindings, type Finding } from "../model/finding.js";
import type { TrackerDefinition } from "../model/tracker.js";
import type { Node } from "yaml";
import { applySeverities } from "./apply-severities.js";
import { checkAccount, type AccountEntry } from "./check-account.js";
import { checkEnvironments } from "./check-environments.js";
import { createSchemaCheck } from "./check-schema.js";
import validateTrackerSchema from "./generated/tracker-schema-validator.js";
import { checkTracker, type TrackerLintOptions } from "./check-tracker.js";
import { decodeSource } from "./decode-source.js";
import { extractTracker } from "./extract-tracker.js";
import { locateNode } from "./locate.js";
import { normalizePhrase } from "./normalize-phrase.js";
import { parseDocuments } from "./parse-documents.js";
import { checkGenerationFields } from "./check-generation-fields.js";
import { RULES } from "./rules.js";

export interface SourceFile {
  /** The path shown in findings. */
  path: string;
  content: Uint8Array | string;
}

export interface FilesValidation {
  trackers: TrackerDefinition[];
  findings: Finding[];
}

// Lint rules report these with exact columns and overridable severities, so the schema's copies are dropped.
const LINT_COVERED_KEYWORDS = new Set(["minItems", "maxItems", "minLength", "pattern"]);
const LINT_COVERED_PATHS = /^\/(name|vocabulary(\/\d+)?)$/;

const checkTrackerSchema = createSchemaCheck(trackerSchema, validateTrackerSchema, {
  rule: "schema",
  subject: "tracker",
  ignore: (error) => LINT_COVERED_KEYWORDS.has(error.keyword) && LINT_COVERED_PATHS.test(error.instancePath),
});

/** Validates tracker definition files held in memory: everything validate does except reading the disk. */
export function validateFiles(files: ReadonlyArray<SourceFile>, config: Config): FilesValidation {
  const validator = createFilesValidator(config);
  for (const file of files) validator.addFile(file);
  return validator.finish();
}

export interface FilesValidator {
  /** Checks one file on its own at once; nothing of its text or YAML tree is kept. */
  addFile(file: SourceFile): void;
  /** Runs the cross-tracker rules and returns every finding, sorted, with config severities. */
  finish(): FilesValidation;
}

/** The incremental form of validateFiles: add files one by one, then finish with the cross-tracker rules. */
export function createFilesValidator(config: Config): FilesValidator {
  const findings: Finding[] = [];
  const extracted: AccountEntry[] = [];
  const lintOptions: TrackerLintOptions = {
    maxPhraseWords: config.lint.maxPhraseWords,
    fillerOpenings: config.lint.fillerOpenings.map(normalizePhrase).filter((opening) => opening !== ""),
    ownershipPrefix: config.ownership.prefix || undefined,
  };
  const addFile = (file: SourceFile): void => {
    const decoded = decodeSource(file.path, file.content);
    findings.push(...decoded.findings);
    if (!decoded.ok) return;
    const parsed = parseDocuments(file.path, decoded.text);
    findings.push(...parsed.findings);
    const nonEmpty = parsed.documents.filter((document) => !document.empty);
    if (nonEmpty.length === 0 && parsed.findings.length === 0) {
      findings.push({
        rule: "file-empty",
        severity: RULES["file-empty"].severity,
        message: "The file holds no YAML document, only comments or separators. Add a tracker (at least `name:` and `vocabulary:`) or delete the file.",
        file: file.path,
        line: 1,
        column: 1,
      });
      return;
    }
    for (const document of parsed.documents) {
      const root = document.document.contents as Node | null;
      if (document.empty) {
        const offset = document.document.range?.[0] ?? 0;
        const { line, col } = parsed.context.lineCounter.linePos(offset);
        findings.push({
          rule: "document-empty",
          severity: RULES["document-empty"].severity,
          message: `Document ${document.index + 1} of this file is empty. Remove the extra '---' separator or add the tracker.`,
          file: file.path,
          line,
          column: col,
        });
        continue;
      }
      if (!document.usable) continue;
      const schemaFindings = checkTrackerSchema(parsed.context, document.document, document.value);
      findings.push(...schemaFindings);
      const tracker = extractTracker(parsed.context, document.index, document.document);
      if (!tracker) {
        // Never drop a document silently: plan would treat its tracker as gone.
        if (schemaFindings.length === 0) findings.push(unusableDocument(file.path, parsed.context.lineCounter.linePos(root?.range?.[0] ?? 0), document.index));
        continue;
      }
      findings.push(...checkTracker(tracker, lintOptions));
      findings.push(...checkGenerationFields(tracker, config.api?.generation ?? 1));
      extracted.push({
        definition: tracker.definition,
        normalized: tracker.normalized,
        previousNameLocations: tracker.previousNameNodes.map((node) => locateNode(parsed.context, node)),
      });
    }
  };
  const finish = (): FilesValidation => {
    findings.push(...checkAccount(extracted));
    findings.push(
      ...checkEnvironments(
        extracted.map((tracker) => tracker.definition),
        config,
      ),
    );
    return {
      trackers: extracted.map((tracker) => tracker.definition),
      findings: applySeverities(findings, config.rules).sort(compareFindings),
    };
  };
  return { addFile, finish };
}

function unusableDocument(file: string, position: { line: number; col: number }, index: number): Finding {
  return {
    rule: "schema",
    severity: RULES.schema.severity,
    message: `Document ${index + 1} cannot be read as a tracker: 'name' must be a string and 'vocabulary' a list of strings. Write them out plainly.`,
    file,
    line: position.line,
    column: position.col,
  };
}
