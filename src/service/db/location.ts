import { homedir } from "node:os";
import { join } from "node:path";
import { VigilError } from "../../errors.js";
import type { DatabaseLocation } from "./connect.js";

/** The default data directory: `$VIGIL_DATA`, else `$XDG_DATA_HOME/vigil`, else `~/.local/share/vigil`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIL_DATA) return env.VIGIL_DATA;
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "vigil");
}

/**
 * The database from `--data DIR` / `--database URL` (`$VIGIL_DATABASE_URL` when neither is given).
 * @throws VigilError when both are given
 */
export function databaseLocation(
  opts: { data?: string | undefined; database?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): DatabaseLocation {
  if (opts.data !== undefined && opts.database !== undefined) {
    throw new VigilError(
      "USAGE",
      "--data and --database exclude each other: SQLite in a directory, or PostgreSQL at a URL",
    );
  }
  if (opts.database !== undefined) return { url: opts.database };
  if (opts.data !== undefined) return { data: opts.data };
  if (env.VIGIL_DATABASE_URL) return { url: env.VIGIL_DATABASE_URL };
  return { data: defaultDataDir(env) };
}
