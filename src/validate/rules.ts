import type { Severity } from "../model/finding.js";

export interface RuleInfo {
  severity: Severity;
  summary: string;
}

/** Every rule code validate can report, with its default severity. Codes are stable: configs refer to them. */
export const RULES = {
  "file-unreadable": { severity: "error", summary: "A path cannot be read (missing, a permission problem, or not a file or directory)." },
  "path-outside-project": {
    severity: "warning",
    summary: "A definitions path, definition file (after symlinks), config file or conversations directory lies outside the repository root. The Action refuses this outright; the CLI warns.",
  },
  "definitions-none": { severity: "error", summary: "The definition paths hold no tracker files (.yaml or .yml); a warning with guards.allowEmpty." },
  "file-empty": { severity: "error", summary: "A definition file holds no YAML document." },
  "file-binary": { severity: "error", summary: "A definition file holds NUL bytes: it is binary, not YAML." },
  "file-encoding": { severity: "error", summary: "A definition file is not valid UTF-8." },
  "file-too-large": { severity: "error", summary: "A definition file is larger than 4 MiB." },
  "file-line-endings": { severity: "warning", summary: "A definition file mixes CRLF and LF line endings." },
  "yaml-syntax": { severity: "error", summary: "The YAML cannot be parsed." },
  "yaml-duplicate-key": { severity: "error", summary: "A mapping repeats a key." },
  "yaml-alias-limit": { severity: "error", summary: "Aliases expand beyond the limit (an alias bomb)." },
  "yaml-too-deep": { severity: "error", summary: "Collections are nested deeper than 64 levels." },
  "yaml-warning": { severity: "warning", summary: "The YAML parser warned about the document (for example an unknown tag)." },
  "document-empty": { severity: "warning", summary: "A file holds an empty YAML document (for example a stray `---`)." },
  schema: { severity: "error", summary: "The document does not match schemas/tracker.schema.json (wrong type, missing or unknown key)." },
  "vocabulary-empty": { severity: "error", summary: "An active tracker has no phrases." },
  "vocabulary-too-many": { severity: "error", summary: "A tracker has more than 50 phrases." },
  "vocabulary-too-few": { severity: "warning", summary: "A tracker has fewer than 5 phrases (Symbl recommends 5 to 50)." },
  "phrase-empty": { severity: "error", summary: "A phrase is empty or only whitespace." },
  "phrase-character": { severity: "error", summary: "A phrase holds a character other than letters, digits, spaces, `.`, `'` and `-`." },
  "phrase-folded": { severity: "warning", summary: "A phrase spans two lines, so YAML folded them into one (often a mis-indented list item)." },
  "phrase-whitespace": { severity: "warning", summary: "A phrase has leading, trailing or repeated whitespace." },
  "phrase-duplicate": { severity: "error", summary: "A tracker lists the same phrase twice (the API rejects it)." },
  "phrase-duplicate-normalized": { severity: "error", summary: "Two phrases of a tracker are equal after normalising case, whitespace and punctuation." },
  "phrase-shared": { severity: "warning", summary: "The same normalised phrase is in two trackers." },
  "phrase-redundant": { severity: "warning", summary: "A phrase contains another phrase of the same tracker as whole words." },
  "phrase-too-long": { severity: "warning", summary: "A phrase has more words than `lint.maxPhraseWords` (default 12)." },
  "phrase-filler-opening": { severity: "warning", summary: 'A phrase starts with a filler such as "I think", "um" or "like" (`lint.fillerOpenings`).' },
  "name-invalid": { severity: "error", summary: "A tracker name is empty or has leading or trailing whitespace." },
  "name-character": { severity: "error", summary: "A tracker name (or previous name) holds a control, zero-width or bidi character, which can hide text or fake output where the name is shown." },
  "name-reserved": { severity: "error", summary: "A tracker name is one tracker-sync uses itself: the apply lock `tracker-sync.lock` or a temporary swap name (`… tracker-sync tmp …`)." },
  "name-duplicate": { severity: "error", summary: "Two documents define the same tracker name." },
  "name-case-conflict": { severity: "warning", summary: "Two tracker names differ only in case." },
  "name-prefix": { severity: "error", summary: "A tracker name does not start with `ownership.prefix`, so plan and apply would not manage it." },
  "previous-name-conflict": {
    severity: "error",
    summary: "A `previousNames` entry is the name of another tracker that is not itself renamed (a swap or chain is fine), an old name claimed twice, or the tracker's own name.",
  },
  "tracker-too-large": { severity: "error", summary: "The tracker's create request body would exceed 1 MiB." },
  "generation-field-ignored": { severity: "warning", summary: "A tracker sets `categories` or `languages`, which only Symbl's generation-2 API has, while `api.generation` is 1." },
  "account-tracker-limit": { severity: "error", summary: "There are more than 500 active (not retired) trackers." },
  "config-syntax": { severity: "error", summary: "tracker-sync.yaml cannot be parsed." },
  "config-schema": { severity: "error", summary: "tracker-sync.yaml does not match schemas/config.schema.json." },
  "config-environment": { severity: "error", summary: "`environments:` in tracker-sync.yaml repeats a name or lets two environments read the same credential variable." },
  "environment-unknown": { severity: "error", summary: "A tracker's `environments:` names an environment tracker-sync.yaml does not define." },
  "config-unknown-rule": { severity: "error", summary: "`rules:` in tracker-sync.yaml names a rule code that does not exist." },
} satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export function isRuleCode(code: string): code is RuleCode {
  return Object.hasOwn(RULES, code);
}
