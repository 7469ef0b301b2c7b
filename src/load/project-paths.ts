import path from "node:path";
import type { Config } from "../model/config.js";

/** Paths in tracker-sync.yaml are relative to the file itself; without a config file, to the working directory. */
export function resolveConfigDirectory(cwd: string, configFile: string | undefined): string {
  return configFile ? path.dirname(path.resolve(cwd, configFile)) : cwd;
}

/** The sample conversations directory (`conversations:` in tracker-sync.yaml), resolved like the other paths. */
export function resolveConversationsDir(cwd: string, project: { configFile?: string; config: Config }): string {
  return path.resolve(resolveConfigDirectory(cwd, project.configFile), project.config.conversations);
}
