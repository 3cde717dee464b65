import { hash } from "node:crypto";
import { closeSync, fsyncSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import type { Advisory } from "../../model/advisory.js";
import type { CveRecord, EolCycle, EpssScore, KevEntry, NvdRecord } from "../../model/intel.js";
import type { FeedItem } from "../feed.js";
import { AliasUnion } from "./aliases.js";
import { packageKey } from "./package-key.js";
import { CREATE_INDEXES, CREATE_TABLES, SCHEMA_VERSION } from "./schema.js";

/** One feed's row in the `feeds` table. */
export interface FeedRow {
  label: string;
  feed: string;
  source: string;
  etag?: string | undefined;
  lastModified?: string | undefined;
  date?: string | undefined;
  count: number;
  unit: string;
  skipped: number;
}

/** Rows written between two commits of the bulk load: big transactions, bounded memory. */
const BATCH = 20_000;

/**
 * EPSS rows (hundreds of thousands, four columns each) are inserted this many at a time by one
 * multi-row INSERT: a statement call per row costs more than SQLite's work for it.
 */
const EPSS_ROWS_PER_INSERT = 64;
const EPSS_INSERT = "INSERT OR REPLACE INTO epss (cve, epss, percentile, score_date, model_version) VALUES ";
const EPSS_ROW = "(?, ?, ?, ?, ?)";

/**
 * Builds a new vulnerability database file from a stream of feed items. The file is written with the
 * journal and fsync off (it is a temporary file nobody reads until finish() has synced it and the caller
 * has renamed it over the live database), indexes are built once at the end, and alias groups and
 * content hashes are computed from what was stored.
 */
export class VulnDbWriter {
  readonly path: string;
  readonly #db: Database.Database;
  #pending = 0;
  readonly #insertAdvisory: Database.Statement;
  readonly #selectAdvisory: Database.Statement<[string, string], { ref: number; json: string }>;
  readonly #updateAdvisory: Database.Statement;
  readonly #insertIndex: Database.Statement;
  readonly #insertPair: Database.Statement;
  readonly #upsertNvd: Database.Statement;
  readonly #deleteCvss: Database.Statement;
  readonly #insertCvss: Database.Statement;
  readonly #upsertCveRecord: Database.Statement;
  readonly #deleteRecordCvss: Database.Statement;
  /** CVEs whose CVE-record metrics are already in `cvss` (a newer copy of the record replaces them). */
  readonly #cveRecordMetrics = new Set<string>();
  readonly #insertKev: Database.Statement;
  readonly #insertEpss: Database.Statement;
  readonly #insertEpssRows: Database.Statement;
  /** Parameters of EPSS rows not inserted yet (fewer than EPSS_ROWS_PER_INSERT rows), in feed order. */
  readonly #epssParams: (string | number | null)[] = [];
  readonly #insertEol: Database.Statement;
  readonly #insertFeed: Database.Statement;

  /** Creates the database file at path, which must not exist yet. */
  constructor(path: string) {
    this.path = path;
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = OFF");
    this.#db.pragma("synchronous = OFF");
    this.#db.pragma("locking_mode = EXCLUSIVE");
    this.#db.pragma("cache_size = -65536");
    this.#db.exec(CREATE_TABLES);
    // The (id, alias or upstream id) pairs the alias groups are built from, gathered during the load.
    this.#db.exec("CREATE TEMP TABLE alias_pairs (id TEXT NOT NULL, other TEXT NOT NULL)");
    this.#insertPair = this.#db.prepare("INSERT INTO temp.alias_pairs (id, other) VALUES (?, ?)");
    this.#insertAdvisory = this.#db.prepare(
      "INSERT INTO advisories (id, feed, modified, withdrawn, json, hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id, feed) DO NOTHING",
    );
    this.#selectAdvisory = this.#db.prepare("SELECT ref, json FROM advisories WHERE id = ? AND feed = ?");
    this.#updateAdvisory = this.#db.prepare(
      "UPDATE advisories SET modified = ?, withdrawn = ?, json = ?, hash = ? WHERE ref = ?",
    );
    this.#insertIndex = this.#db.prepare(
      "INSERT OR IGNORE INTO affected_index (ecosystem, package_name, advisory_id, advisory_ref) VALUES (?, ?, ?, ?)",
    );
    this.#upsertNvd = this.#db.prepare(
      `INSERT INTO nvd (cve, published, last_modified, status, description, cwes, references_json)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cve) DO UPDATE SET published = excluded.published, last_modified = excluded.last_modified,
         status = excluded.status, description = excluded.description, cwes = excluded.cwes,
         references_json = excluded.references_json
       WHERE excluded.last_modified > nvd.last_modified`,
    );
    this.#deleteCvss = this.#db.prepare("DELETE FROM cvss WHERE cve = ? AND container IS NULL");
    this.#insertCvss = this.#db.prepare(
      "INSERT INTO cvss (cve, version, vector, base_score, source, kind, container) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    // Two copies of one CVE record (the CVE List and vulnrichment, or two snapshots): the one updated
    // last wins, as for NVD pages.
    this.#upsertCveRecord = this.#db.prepare(
      `INSERT INTO cve_records (cve, state, assigner, published, updated, rejected, title, description, cwes,
         references_json, ssvc_json, kev_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cve) DO UPDATE SET state = excluded.state, assigner = excluded.assigner,
         published = excluded.published, updated = excluded.updated, rejected = excluded.rejected,
         title = excluded.title, description = excluded.description, cwes = excluded.cwes,
         references_json = excluded.references_json, ssvc_json = excluded.ssvc_json, kev_json = excluded.kev_json
       WHERE coalesce(excluded.updated, excluded.rejected, '') > coalesce(cve_records.updated, cve_records.rejected, '')`,
    );
    this.#deleteRecordCvss = this.#db.prepare("DELETE FROM cvss WHERE cve = ? AND container IS NOT NULL");
    this.#insertKev = this.#db.prepare(
      `INSERT OR REPLACE INTO kev (cve, vendor_project, product, name, date_added, due_date, required_action, ransomware, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertEpss = this.#db.prepare(EPSS_INSERT + EPSS_ROW);
    this.#insertEpssRows = this.#db.prepare(
      EPSS_INSERT + Array.from({ length: EPSS_ROWS_PER_INSERT }, () => EPSS_ROW).join(", "),
    );
    this.#insertEol = this.#db.prepare("INSERT OR REPLACE INTO eol (product, cycle, json) VALUES (?, ?, ?)");
    this.#insertFeed = this.#db.prepare(
      `INSERT OR REPLACE INTO feeds (label, feed, source, etag, last_modified, feed_date, count, unit, skipped, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#db.exec("BEGIN");
  }

  /** Stores one feed item. Skipped items are not stored (the feed's summary counts them). */
  add(item: FeedItem): void {
    switch (item.kind) {
      case "advisory":
        this.#addAdvisory(item.advisory);
        break;
      case "nvd":
        this.#addNvd(item.record);
        break;
      case "cve":
        this.#addCveRecord(item.record);
        break;
      case "kev":
        this.#addKev(item.entry);
        break;
      case "epss":
        this.#addEpss(item.score);
        break;
      case "eol":
        this.#addEol(item.cycle);
        break;
      case "skipped":
        return;
    }
    if (++this.#pending >= BATCH) {
      this.#db.exec("COMMIT; BEGIN");
      this.#pending = 0;
    }
  }

  /** Records one feed's provenance and counts (replacing an earlier row with the same label). */
  addFeed(row: FeedRow, importedAt: string): void {
    this.#insertFeed.run(
      row.label,
      row.feed,
      row.source,
      row.etag ?? null,
      row.lastModified ?? null,
      row.date ?? null,
      row.count,
      row.unit,
      row.skipped,
      importedAt,
    );
  }

  #addAdvisory(advisory: Advisory): void {
    const json = JSON.stringify(advisory);
    const inserted = this.#insertAdvisory.run(
      advisory.id,
      advisory.feed,
      advisory.modified,
      advisory.withdrawn ?? null,
      json,
      contentHash(advisory),
    );
    let ref: number;
    if (inserted.changes === 1) {
      ref = Number(inserted.lastInsertRowid);
    } else {
      // Same id from the same feed (the Debian tracker yields one record per source package): merge.
      const existing = this.#selectAdvisory.get(advisory.id, advisory.feed)!;
      ref = existing.ref;
      const merged = mergeAdvisories(JSON.parse(existing.json) as Advisory, advisory);
      const mergedJson = JSON.stringify(merged);
      this.#updateAdvisory.run(
        merged.modified,
        merged.withdrawn ?? null,
        mergedJson,
        contentHash(merged),
        ref,
      );
    }
    for (const other of advisory.aliases) this.#insertPair.run(advisory.id, other);
    for (const other of advisory.upstream ?? []) this.#insertPair.run(advisory.id, other);
    for (const affected of advisory.affected) {
      const { ecosystem, name } = affected.package;
      if (!ecosystem || !name) continue;
      this.#insertIndex.run(ecosystem, packageKey(ecosystem, name), advisory.id, ref);
    }
  }

  #addNvd(record: NvdRecord): void {
    const r = this.#upsertNvd.run(
      record.id,
      record.published,
      record.lastModified,
      record.status ?? null,
      record.description ?? null,
      JSON.stringify(record.cwes),
      JSON.stringify(record.references),
    );
    if (r.changes === 0) return; // an older copy of a CVE already stored from a newer page
    this.#deleteCvss.run(record.id);
    for (const m of record.cvss) {
      this.#insertCvss.run(record.id, m.version, m.vector, m.baseScore, m.source, m.kind ?? null, null);
    }
  }

  /**
   * A CVE record: its row in `cve_records` and its CNA / ADP metrics in `cvss` (beside NVD's, which it
   * never replaces). A REJECTED record stores no metric, and removes those of an older copy.
   */
  #addCveRecord(record: CveRecord): void {
    const r = this.#upsertCveRecord.run(
      record.id,
      record.state,
      record.assigner,
      record.published ?? null,
      record.updated ?? null,
      record.rejected ?? null,
      record.title ?? null,
      record.description ?? null,
      JSON.stringify(record.cwes),
      JSON.stringify(record.references),
      record.ssvc === undefined ? null : JSON.stringify(record.ssvc),
      record.kev === undefined ? null : JSON.stringify(record.kev),
    );
    if (r.changes === 0) return; // an older copy of a record already stored
    // `cvss` has no index on cve until finish(): delete only when an earlier copy wrote rows.
    if (this.#cveRecordMetrics.has(record.id)) this.#deleteRecordCvss.run(record.id);
    if (record.state !== "PUBLISHED") return;
    for (const m of record.cvss) {
      this.#insertCvss.run(
        record.id,
        m.version,
        m.vector,
        m.baseScore,
        m.source,
        m.kind ?? null,
        m.container ?? "cna",
      );
    }
    if (record.cvss.length > 0) this.#cveRecordMetrics.add(record.id);
  }

  #addKev(e: KevEntry): void {
    this.#insertKev.run(
      e.cveId,
      e.vendorProject,
      e.product,
      e.name,
      e.dateAdded,
      e.dueDate,
      e.requiredAction ?? null,
      e.knownRansomwareCampaignUse,
      e.notes ?? null,
    );
  }

  #addEpss(s: EpssScore): void {
    const params = this.#epssParams;
    params.push(s.cve, s.epss, s.percentile, s.date, s.modelVersion ?? null);
    if (params.length === EPSS_ROWS_PER_INSERT * 5) {
      this.#insertEpssRows.run(params);
      params.length = 0;
    }
  }

  /** Inserts the EPSS rows still held back (rows keep their order: a later duplicate CVE wins). */
  #flushEpss(): void {
    const params = this.#epssParams;
    for (let i = 0; i < params.length; i += 5) this.#insertEpss.run(params.slice(i, i + 5));
    params.length = 0;
  }

  #addEol(c: EolCycle): void {
    this.#insertEol.run(c.product, c.cycle, JSON.stringify(c));
  }

  /**
   * Completes the database: alias groups, indexes, metadata; then closes the file and
   * fsyncs it, so that a rename over the live database publishes complete, durable content.
   */
  finish(meta: { vigilVersion: string; builtAt: string }): void {
    const db = this.#db;
    this.#flushEpss();
    this.#buildAliasGroups();
    db.exec(CREATE_INDEXES);
    const setMeta = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    setMeta.run("schema_version", String(SCHEMA_VERSION));
    setMeta.run("built_at", meta.builtAt);
    setMeta.run("vigil_version", meta.vigilVersion);
    db.exec("COMMIT");
    db.pragma("analysis_limit = 1000");
    db.exec("ANALYZE");
    db.pragma("journal_mode = DELETE");
    db.close();
    const fd = openSync(this.path, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Closes the file without completing it (the caller deletes it). */
  abort(): void {
    if (this.#db.open) this.#db.close();
  }

  /**
   * Alias groups by union-find over each advisory's `aliases` and `upstream` ids. A record that names
   * several CVEs (a DSA fixing ten, a chromium DLA fixing a hundred) bundles distinct vulnerabilities:
   * joining them would merge unrelated CVEs into one group, so such a record joins only its non-CVE ids
   * and is linked to each CVE in `alias_links`.
   */
  #buildAliasGroups(): void {
    const db = this.#db;
    const union = new AliasUnion();
    const links: [alias: string, advisory: string][] = [];
    const rows = db.prepare(
      "SELECT id, other FROM temp.alias_pairs UNION SELECT id, NULL FROM advisories ORDER BY 1",
    );
    let current: string | undefined;
    let others: string[] = [];
    const flush = () => {
      if (current === undefined) return;
      union.add(current);
      const cves = others.filter((o) => o.startsWith("CVE-"));
      for (const o of others) {
        if (cves.length > 1 && o.startsWith("CVE-")) {
          union.add(o);
          links.push([o, current]);
        } else union.union(current, o);
      }
    };
    for (const row of rows.iterate() as Iterable<{ id: string; other: unknown }>) {
      if (row.id !== current) {
        flush();
        current = row.id;
        others = [];
      }
      if (typeof row.other === "string" && row.other !== "" && row.other !== row.id) others.push(row.other);
    }
    flush();
    const insert = db.prepare("INSERT OR IGNORE INTO aliases (alias, group_id) VALUES (?, ?)");
    for (const [id, group] of union.entries()) insert.run(id, group);
    const insertLink = db.prepare("INSERT OR IGNORE INTO alias_links (alias, advisory_id) VALUES (?, ?)");
    for (const [alias, advisory] of links) insertLink.run(alias, advisory);
  }
}

/**
 * The content hash of an advisory, for change sets and the service's per-key digests: its stored JSON
 * without `modified`. Some readers have no record date and use the feed file's mtime (Node.js core
 * records without publish_date, secdb, the Debian tracker JSON), which changes whenever the feed is
 * downloaded or copied again; a hash over it would report every such advisory changed on every rebuild.
 */
function contentHash(advisory: Advisory): string {
  const { modified: _modified, ...content } = advisory;
  return hash("sha1", JSON.stringify(content), "hex");
}

/**
 * Merges a second record with the same id from the same feed into the first: affected lists are
 * concatenated, aliases/upstream/related are unioned, references are unioned by URL, the newest
 * `modified` wins.
 */
export function mergeAdvisories(a: Advisory, b: Advisory): Advisory {
  const merged: Advisory = { ...a, affected: [...a.affected, ...b.affected] };
  merged.aliases = union(a.aliases, b.aliases);
  if (a.upstream || b.upstream) merged.upstream = union(a.upstream ?? [], b.upstream ?? []);
  if (a.related || b.related) merged.related = union(a.related ?? [], b.related ?? []);
  const urls = new Set(a.references.map((r) => r.url));
  merged.references = [...a.references, ...b.references.filter((r) => !urls.has(r.url))];
  if (b.modified > a.modified) merged.modified = b.modified;
  if (!merged.summary && b.summary) merged.summary = b.summary;
  if (!merged.details && b.details) merged.details = b.details;
  if (!merged.severity && b.severity) merged.severity = b.severity;
  return merged;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
