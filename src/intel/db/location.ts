import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the vulnerability database lives by default: `$VIGIL_DB`, else `$XDG_CACHE_HOME/vigil/vuln.db`,
 * else `~/.cache/vigil/vuln.db`.
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIL_DB) return env.VIGIL_DB;
  const cache = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "vigil", "vuln.db");
}
