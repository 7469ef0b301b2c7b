/**
 * Text inside a GitHub Actions workflow command (`::error file=…,title=…::message`). The runner decodes
 * exactly these escapes; without them a line break in a name ends the command and the rest of the name
 * becomes a command of its own (`::add-mask::`, `::stop-commands::`).
 * https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData, escapeProperty)
 */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values additionally escape the separators of the property list. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
