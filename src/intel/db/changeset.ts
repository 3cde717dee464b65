import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { SCHEMA_VERSION } from "./schema.js";

/** What changed for one package key between the previous database and the new one. */
export interface KeyChange {
  ecosystem: string;
  /** The package key as indexed (see packageKey()). */
  name: string;
  /** Advisory ids that now name this package and did not before. */
  gained: string[];
  /** Advisory ids that named this package before and no longer do. */
  lost: string[];
  /** Advisory ids that name it in both, with different content. */
  changed: string[];
}

/**
 * The package keys whose advisories changed: what the service re-matches after an update.
 * `baseline` says what the new database was compared with: "previous" (the database it replaces) or
 * "none" (no usable previous database: every key of the new one is reported as gained).
 */
export interface ChangeSet {
  baseline: "previous" | "none";
  keys: KeyChange[];
  totals: { keys: number; gained: number; lost: number; changed: number };
}

interface IndexRow {
  ecosystem: string;
  name: string;
  id: string;
}

const INDEX_ROWS = (schema: string) =>
  `SELECT i.ecosystem AS ecosystem, i.package_name AS name, i.advisory_id AS id, a.hash AS hash
   FROM ${schema}.affected_index i JOIN ${schema}.advisories a ON a.ref = i.advisory_ref`;

/**
 * Compares the index of a newly built database with the previous one's. Both are only read; the
 * difference is computed by SQLite (EXCEPT over the two attached files), so memory grows with the size
 * of the change, not of the database.
 */
export function computeChangeSet(newPath: string, previousPath: string | undefined): ChangeSet {
  const db = new Database(newPath, { readonly: true });
  try {
    const byKey = new Map<string, KeyChange>();
    const entry = (r: IndexRow): KeyChange => {
      const k = `${r.ecosystem}\0${r.name}`;
      let c = byKey.get(k);
      if (c === undefined) {
        c = { ecosystem: r.ecosystem, name: r.name, gained: [], lost: [], changed: [] };
        byKey.set(k, c);
      }
      return c;
    };
    const baseline = previousPath !== undefined && attachPrevious(db, previousPath);
    if (!baseline) {
      const rows = db
        .prepare(
          "SELECT DISTINCT ecosystem, package_name AS name, advisory_id AS id FROM affected_index ORDER BY 1, 2, 3",
        )
        .all() as IndexRow[];
      for (const r of rows) entry(r).gained.push(r.id);
    } else {
      const added = db
        .prepare(`${INDEX_ROWS("main")} EXCEPT ${INDEX_ROWS("old")} ORDER BY 1, 2, 3`)
        .all() as IndexRow[];
      const removed = db
        .prepare(`${INDEX_ROWS("old")} EXCEPT ${INDEX_ROWS("main")} ORDER BY 1, 2, 3`)
        .all() as IndexRow[];
      const inOld = db.prepare(
        "SELECT 1 FROM old.affected_index WHERE ecosystem = ? AND package_name = ? AND advisory_id = ? LIMIT 1",
      );
      const inNew = db.prepare(
        "SELECT 1 FROM main.affected_index WHERE ecosystem = ? AND package_name = ? AND advisory_id = ? LIMIT 1",
      );
      for (const r of added) {
        const c = entry(r);
        if (inOld.get(r.ecosystem, r.name, r.id) === undefined) pushOnce(c.gained, r.id);
        else pushOnce(c.changed, r.id);
      }
      for (const r of removed) {
        const c = entry(r);
        if (inNew.get(r.ecosystem, r.name, r.id) === undefined) pushOnce(c.lost, r.id);
        else pushOnce(c.changed, r.id);
      }
    }
    const keys = [...byKey.values()].sort((a, b) =>
      a.ecosystem === b.ecosystem ? cmp(a.name, b.name) : cmp(a.ecosystem, b.ecosystem),
    );
    const totals = { keys: keys.length, gained: 0, lost: 0, changed: 0 };
    for (const k of keys) {
      k.changed.sort();
      totals.gained += k.gained.length;
      totals.lost += k.lost.length;
      totals.changed += k.changed.length;
    }
    return { baseline: baseline ? "previous" : "none", keys, totals };
  } finally {
    db.close();
  }
}

/** Attaches the previous database as `old` when it is a readable Vigil database of the same schema. */
function attachPrevious(db: Database.Database, path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    db.prepare("ATTACH DATABASE ? AS old").run(path);
    const v = db.prepare("SELECT value FROM old.meta WHERE key = 'schema_version'").pluck().get();
    if (v === String(SCHEMA_VERSION)) return true;
    db.exec("DETACH DATABASE old");
    return false;
  } catch {
    // Not a database, or not one of ours: there is nothing to compare with.
    return false;
  }
}

function pushOnce(list: string[], id: string): void {
  if (list[list.length - 1] !== id && !list.includes(id)) list.push(id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
