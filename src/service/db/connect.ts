import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { VigilError } from "../../errors.js";
import type { ServiceSchema } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

/** Where the service keeps its state: a data directory (SQLite file `vigil.db`) or a PostgreSQL URL. */
export type DatabaseLocation = { data: string } | { url: string };

/** An open service database: the typed query builder, which dialect it speaks, and how to close it. */
export interface ServiceDb {
  readonly db: Kysely<ServiceSchema>;
  readonly dialect: Dialect;
  /** Human-readable location (file path, or the URL without its password). */
  readonly where: string;
  close(): Promise<void>;
}

/** File name of the SQLite database inside a data directory. */
export const SQLITE_FILE = "vigil.db";

/**
 * Opens the service database. SQLite: creates the directory, WAL journal, synchronous=FULL (a committed
 * transaction survives a crash), foreign keys on, 5 s busy timeout. PostgreSQL: a pool of `poolSize`.
 * @throws VigilError when the URL is not a postgres:// URL
 */
export function openServiceDb(location: DatabaseLocation, options: { poolSize?: number } = {}): ServiceDb {
  if ("data" in location) {
    const dir = resolve(location.data);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, SQLITE_FILE);
    const sqlite = new Database(path);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    const db = new Kysely<ServiceSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: "sqlite", where: path, close: () => db.destroy() };
  }
  let url: URL;
  try {
    url = new URL(location.url);
  } catch {
    throw new VigilError(
      "BAD_DATABASE_URL",
      `--database ${location.url}: not a URL (use postgres://user@host:5432/db)`,
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new VigilError(
      "BAD_DATABASE_URL",
      `--database ${location.url}: only postgres:// URLs are supported (use --data DIR for SQLite)`,
    );
  }
  const pool = new pg.Pool({ connectionString: location.url, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", (e) => process.stderr.write(`vigil: PostgreSQL connection lost: ${e.message}\n`));
  const db = new Kysely<ServiceSchema>({ dialect: new PostgresDialect({ pool }) });
  url.password = "";
  return { db, dialect: "postgres", where: url.toString(), close: () => db.destroy() };
}
