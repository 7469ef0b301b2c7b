import { UserError } from "../errors.js";

export const ACTION_COMMANDS = ["validate", "plan", "apply", "drift"] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** The action's inputs, typed, with "" turned into undefined. Read once in main; nothing below reads inputs. */
export interface ActionInputs {
  command: ActionCommand;
  /** Project directory, relative to the workspace. */
  path?: string;
  config?: string;
  symblAppId?: string;
  symblAppSecret?: string;
  symblApiUrl?: string;
  githubToken?: string;
  comment: boolean;
  /** undefined: use the config file's `prune`. */
  prune?: boolean;
  /** undefined: use the config file's `api.generation`. */
  apiGeneration?: 1 | 2;
  /** With `environments:` in the config: one name, or `all` (the default). */
  environment?: string;
  /** `name=https://origin` lines: each environment's API origin, decided by the workflow. */
  symblApiUrls?: string;
}

/** Builds ActionInputs from a getInput function (core.getInput in the action). */
export function parseActionInputs(getInput: (name: string) => string): ActionInputs {
  const optional = (name: string) => {
    const value = getInput(name).trim();
    return value === "" ? undefined : value;
  };
  const command = optional("command") ?? "plan";
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw new UserError(`Input 'command' is '${command}'; use one of ${ACTION_COMMANDS.join(", ")}.`);
  }
  const inputs: ActionInputs = {
    command: command as ActionCommand,
    comment: parseBoolean("comment", optional("comment")) ?? true,
  };
  const fields = {
    path: optional("path"),
    config: optional("config"),
    symblAppId: optional("symbl-app-id"),
    symblAppSecret: optional("symbl-app-secret"),
    symblApiUrl: optional("symbl-api-url"),
    githubToken: optional("github-token"),
    prune: parseBoolean("prune", optional("prune")),
    environment: optional("environment"),
    symblApiUrls: optional("symbl-api-urls"),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(inputs, { [key]: value });
  const generation = optional("api-generation");
  if (generation !== undefined) {
    if (generation !== "1" && generation !== "2") throw new UserError(`Input 'api-generation' is '${generation}'; use 1 or 2.`);
    inputs.apiGeneration = generation === "2" ? 2 : 1;
  }
  return inputs;
}

function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new UserError(`Input '${name}' is '${value}'; use true or false.`);
}
