import type { Generated } from "kysely";

/**
 * The vulnerability database's schema. Bump SCHEMA_VERSION whenever a table or column changes: a reader
 * refuses a file built with another version (the user runs `vigil db update` to rebuild it).
 */
export const SCHEMA_VERSION = 2;

/** `meta`: one row per key (schema_version, built_at, vigil_version). */
export interface MetaTable {
  key: string;
  value: string;
}

/** `feeds`: one row per feed read into the database, for `db status`. */
export interface FeedsTable {
  label: string;
  feed: string;
  /** The URL it was downloaded from, or the local path it was imported from. */
  source: string;
  etag: string | null;
  last_modified: string | null;
  /** The feed's own date (snapshot, catalog version, model date), when it states one. */
  feed_date: string | null;
  count: number;
  unit: string;
  skipped: number;
  imported_at: string;
}

/** `advisories`: one OSV-shaped record per (id, feed); records of one feed with the same id are merged. */
export interface AdvisoriesTable {
  ref: Generated<number>;
  id: string;
  feed: string;
  modified: string;
  withdrawn: string | null;
  /** The Advisory as JSON. */
  json: string;
  /** Content hash of `json` without `modified` (hex), for change sets. */
  hash: string | null;
}

/** `affected_index`: the matcher's lookup, (ecosystem, package key) -> advisory. */
export interface AffectedIndexTable {
  ecosystem: string;
  /** The package name as the matcher looks it up: see packageKey(). */
  package_name: string;
  advisory_id: string;
  advisory_ref: number;
}

/** `aliases`: every id an advisory is known by (its own, aliases, upstream), pointing at its alias group. */
export interface AliasesTable {
  alias: string;
  group_id: number;
}

/**
 * `alias_links`: an advisory that bundles several CVEs (a DSA fixing ten CVEs, a Go record covering two)
 * names distinct vulnerabilities, not aliases of one; it is linked to each CVE here instead of joining
 * their groups.
 */
export interface AliasLinksTable {
  alias: string;
  advisory_id: string;
}

/** `nvd`: NVD CVE API 2.0 data per CVE; the CVSS metrics are rows of `cvss`. */
export interface NvdTable {
  cve: string;
  published: string;
  last_modified: string;
  status: string | null;
  description: string | null;
  cwes: string;
  references_json: string;
}

/**
 * `cve_records`: the CVE List's record per CVE (CVE JSON 5: CNA and ADP containers, e.g. CISA
 * vulnrichment), beside NVD's; its CVSS metrics are rows of `cvss` with a `container`.
 */
export interface CveRecordsTable {
  cve: string;
  /** PUBLISHED or REJECTED (withdrawn). */
  state: string;
  assigner: string;
  published: string | null;
  updated: string | null;
  rejected: string | null;
  title: string | null;
  description: string | null;
  cwes: string;
  references_json: string;
  /** SsvcDecision as JSON, when an ADP gave one. */
  ssvc_json: string | null;
  /** The ADP's KEV marker as JSON ({dateAdded, reference}). */
  kev_json: string | null;
}

/**
 * `cvss`: CVSS metrics per CVE: NVD's (primary and secondary sources; container NULL) and the CVE
 * record's (container "cna" or "adp").
 */
export interface CvssTable {
  cve: string;
  version: string;
  vector: string;
  base_score: number;
  source: string;
  kind: string | null;
  container: string | null;
}

/** `kev`: CISA Known Exploited Vulnerabilities, one row per CVE. */
export interface KevTable {
  cve: string;
  vendor_project: string;
  product: string;
  name: string;
  date_added: string;
  due_date: string;
  required_action: string | null;
  ransomware: string;
  notes: string | null;
}

/** `epss`: FIRST EPSS score per CVE. */
export interface EpssTable {
  cve: string;
  epss: number;
  percentile: number;
  score_date: string;
  model_version: string | null;
}

/** `eol`: endoflife.date release cycles, keyed by product and cycle. */
export interface EolTable {
  product: string;
  cycle: string;
  /** The EolCycle as JSON. */
  json: string;
}

/** The whole database as a Kysely schema type. */
export interface VulnDbSchema {
  meta: MetaTable;
  feeds: FeedsTable;
  advisories: AdvisoriesTable;
  affected_index: AffectedIndexTable;
  aliases: AliasesTable;
  alias_links: AliasLinksTable;
  nvd: NvdTable;
  cvss: CvssTable;
  cve_records: CveRecordsTable;
  kev: KevTable;
  epss: EpssTable;
  eol: EolTable;
}

/** Tables, created before the bulk load (only the indexes the load itself needs). */
export const CREATE_TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE feeds (
  label TEXT PRIMARY KEY, feed TEXT NOT NULL, source TEXT NOT NULL, etag TEXT, last_modified TEXT,
  feed_date TEXT, count INTEGER NOT NULL, unit TEXT NOT NULL, skipped INTEGER NOT NULL, imported_at TEXT NOT NULL
);
CREATE TABLE advisories (
  ref INTEGER PRIMARY KEY, id TEXT NOT NULL, feed TEXT NOT NULL, modified TEXT NOT NULL, withdrawn TEXT,
  json TEXT NOT NULL, hash TEXT
);
CREATE UNIQUE INDEX advisories_id_feed ON advisories (id, feed);
CREATE TABLE affected_index (
  ecosystem TEXT NOT NULL, package_name TEXT NOT NULL, advisory_id TEXT NOT NULL, advisory_ref INTEGER NOT NULL,
  PRIMARY KEY (ecosystem, package_name, advisory_ref)
) WITHOUT ROWID;
CREATE TABLE aliases (alias TEXT PRIMARY KEY, group_id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE alias_links (alias TEXT NOT NULL, advisory_id TEXT NOT NULL, PRIMARY KEY (alias, advisory_id)) WITHOUT ROWID;
CREATE TABLE nvd (
  cve TEXT PRIMARY KEY, published TEXT NOT NULL, last_modified TEXT NOT NULL, status TEXT, description TEXT,
  cwes TEXT NOT NULL, references_json TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE cvss (
  cve TEXT NOT NULL, version TEXT NOT NULL, vector TEXT NOT NULL, base_score REAL NOT NULL, source TEXT NOT NULL, kind TEXT,
  container TEXT
);
CREATE TABLE cve_records (
  cve TEXT PRIMARY KEY, state TEXT NOT NULL, assigner TEXT NOT NULL, published TEXT, updated TEXT, rejected TEXT,
  title TEXT, description TEXT, cwes TEXT NOT NULL, references_json TEXT NOT NULL, ssvc_json TEXT, kev_json TEXT
) WITHOUT ROWID;
CREATE TABLE kev (
  cve TEXT PRIMARY KEY, vendor_project TEXT NOT NULL, product TEXT NOT NULL, name TEXT NOT NULL,
  date_added TEXT NOT NULL, due_date TEXT NOT NULL, required_action TEXT, ransomware TEXT NOT NULL, notes TEXT
) WITHOUT ROWID;
CREATE TABLE epss (
  cve TEXT PRIMARY KEY, epss REAL NOT NULL, percentile REAL NOT NULL, score_date TEXT NOT NULL, model_version TEXT
) WITHOUT ROWID;
CREATE TABLE eol (product TEXT NOT NULL, cycle TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (product, cycle)) WITHOUT ROWID;
`;

/** Indexes built once after the bulk load (cheaper than maintaining them row by row). */
export const CREATE_INDEXES = `
CREATE INDEX affected_index_advisory ON affected_index (advisory_id);
CREATE INDEX aliases_group ON aliases (group_id);
CREATE INDEX cvss_cve ON cvss (cve);
`;
