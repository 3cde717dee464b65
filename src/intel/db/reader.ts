import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import {
  type Compilable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from "kysely";
import { VigilError } from "../../errors.js";
import type { Advisory } from "../../model/advisory.js";
import type { CveRecord, CvssMetric, EolCycle, EpssScore, KevEntry } from "../../model/intel.js";
import { packageKey } from "./package-key.js";
import { SCHEMA_VERSION, type VulnDbSchema } from "./schema.js";

/** One feed as recorded in the database, for `db status`. */
export interface FeedStatus {
  label: string;
  feed: string;
  source: string;
  etag: string | null;
  lastModified: string | null;
  /** The feed's own date, when it states one. */
  date: string | null;
  count: number;
  unit: string;
  skipped: number;
  importedAt: string;
}

/** What the database says about itself. */
export interface DbStatus {
  path: string;
  schemaVersion: number;
  builtAt: string;
  vigilVersion: string;
  advisories: number;
  packageKeys: number;
  feeds: FeedStatus[];
}

/** NVD's description of a CVE, without the CVSS metrics (see cvss()). */
export interface NvdSummary {
  cve: string;
  published: string;
  lastModified: string;
  status: string | null;
  description: string | null;
  cwes: string[];
  references: { url: string; tags?: string[] }[];
}

/** The CVE List's record of a CVE (CVE JSON 5: CNA and ADP containers), without its CVSS metrics (see cvss()). */
export type CveRecordSummary = Omit<CveRecord, "cvss">;

/** Read access to a built vulnerability database: what the matcher and `db show` need. */
export interface VulnDb {
  readonly path: string;
  /** Every advisory (any feed) that names this package of this ecosystem ("Debian:12", "PyPI"...). */
  advisoriesFor(ecosystem: string, name: string): Advisory[];
  /** The record with this exact id (the first feed's, when several feeds publish the same id). */
  advisory(id: string): Advisory | undefined;
  /** Every feed's record with this exact id. */
  advisoryRecords(id: string): Advisory[];
  /** Every id in the alias group of id (itself included), sorted; [] when the id is unknown. */
  aliasGroup(id: string): string[];
  /**
   * Advisories that bundle several CVEs (a DSA fixing ten) and name id or one of its aliases: related,
   * but not aliases (see alias_links in schema.ts).
   */
  bundlesOf(id: string): string[];
  /**
   * CVSS metrics of a CVE: NVD's (primary and secondary sources) first, then the CVE record's CNA
   * metrics, then its ADP metrics (CISA-ADP); a CVE-record metric whose vector NVD already lists is
   * left out. Which one a finding is scored from: primaryCvss() in src/scoring/risk.ts.
   */
  cvss(cve: string): CvssMetric[];
  /** The CVE List's record of a CVE (title, CWEs, SSVC...), when the database has one. */
  cveRecord(cve: string): CveRecordSummary | undefined;
  /** NVD's record of a CVE, when the database has one. */
  nvd(cve: string): NvdSummary | undefined;
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): EpssScore | undefined;
  /**
   * Reads the CVSS, NVD, KEV and EPSS rows of many CVEs in four queries, so that the per-CVE look-ups
   * above answer from memory: what building a thousand findings needs instead of four thousand queries.
   */
  preload(cves: readonly string[]): void;
  /** Release cycles of an endoflife.date product ("debian", "nodejs"...). */
  eol(product: string): EolCycle[];
  status(): DbStatus;
  /** When the database was built (one meta read; status() also counts every advisory). */
  builtAt(): string;
  close(): void;
}

/** NVD's metrics first, then the CVE record's CNA metrics, then its ADP metrics. */
const CONTAINER_ORDER_SQL = "CASE container WHEN 'cna' THEN 1 WHEN 'adp' THEN 2 ELSE 0 END";
const CONTAINER_ORDER = sql.raw(CONTAINER_ORDER_SQL);

/** Compiles typed Kysely queries to SQL; executed synchronously through better-sqlite3. */
const qb = new Kysely<VulnDbSchema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

function sqlOf(query: Compilable): string {
  return query.compile().sql;
}

/**
 * Opens a database built by Vigil, read-only.
 * @throws VigilError when the file is missing, not a Vigil database, or of another schema version
 */
export function openVulnDb(path: string): VulnDb {
  if (!existsSync(path)) {
    throw new VigilError(
      "DB_MISSING",
      `no vulnerability database at ${path}: run \`vigil db update\` or \`vigil db import <dir>\``,
    );
  }
  let db: Database.Database;
  let version: string | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    version = (
      db
        .prepare(sqlOf(qb.selectFrom("meta").select("value").where("key", "=", "schema_version")))
        .get("schema_version") as { value: string } | undefined
    )?.value;
  } catch (e) {
    throw new VigilError(
      "DB_INVALID",
      `${path} is not a Vigil vulnerability database (${(e as Error).message}): rebuild it with \`vigil db update\``,
      { cause: e },
    );
  }
  if (version !== String(SCHEMA_VERSION)) {
    db.close();
    throw new VigilError(
      "DB_SCHEMA",
      `${path} has schema version ${version ?? "none"}, this Vigil reads version ${SCHEMA_VERSION}: rebuild it with \`vigil db update\``,
    );
  }
  return new SqliteVulnDb(path, db);
}

class SqliteVulnDb implements VulnDb {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #byPackage: Database.Statement<[string, string], string>;
  readonly #byId: Database.Statement<[string], string>;
  readonly #group: Database.Statement<[string], string>;
  readonly #bundles: Database.Statement<[string, string], string>;
  readonly #cvss: Database.Statement<
    [string],
    {
      version: string;
      vector: string;
      base_score: number;
      source: string;
      kind: string | null;
      container: string | null;
    }
  >;
  readonly #cveRecord: Database.Statement<[string], VulnDbSchema["cve_records"]>;
  readonly #nvd: Database.Statement<[string], VulnDbSchema["nvd"]>;
  readonly #kev: Database.Statement<[string], VulnDbSchema["kev"]>;
  readonly #epss: Database.Statement<[string], VulnDbSchema["epss"]>;
  readonly #eol: Database.Statement<[string], string>;
  readonly #many: {
    cvss: Database.Statement<[string], VulnDbSchema["cvss"]>;
    nvd: Database.Statement<[string], VulnDbSchema["nvd"]>;
    kev: Database.Statement<[string], VulnDbSchema["kev"]>;
    epss: Database.Statement<[string], VulnDbSchema["epss"]>;
  };
  /** Rows read by preload(), by CVE; a CVE present with no row is known to have none. */
  readonly #pre = {
    cvss: new Map<string, VulnDbSchema["cvss"][]>(),
    nvd: new Map<string, VulnDbSchema["nvd"] | undefined>(),
    kev: new Map<string, VulnDbSchema["kev"] | undefined>(),
    epss: new Map<string, VulnDbSchema["epss"] | undefined>(),
  };

  constructor(path: string, db: Database.Database) {
    this.path = path;
    this.#db = db;
    this.#byPackage = db
      .prepare<[string, string], string>(
        sqlOf(
          qb
            .selectFrom("affected_index as i")
            .innerJoin("advisories as a", "a.ref", "i.advisory_ref")
            .select("a.json")
            .where("i.ecosystem", "=", "")
            .where("i.package_name", "=", "")
            .orderBy("a.ref"),
        ),
      )
      .pluck();
    this.#byId = db
      .prepare<[string], string>(
        sqlOf(qb.selectFrom("advisories").select("json").where("id", "=", "").orderBy("ref")),
      )
      .pluck();
    this.#group = db
      .prepare<[string], string>(
        sqlOf(
          qb
            .selectFrom("aliases")
            .select("alias")
            .where("group_id", "=", (eb) =>
              eb.selectFrom("aliases").select("group_id").where("alias", "=", ""),
            )
            .orderBy("alias"),
        ),
      )
      .pluck();
    this.#bundles = db
      .prepare<[string, string], string>(
        sqlOf(
          qb
            .selectFrom("alias_links")
            .select("advisory_id")
            .distinct()
            .where((eb) =>
              eb.or([
                eb("alias", "=", ""),
                eb(
                  "alias",
                  "in",
                  eb
                    .selectFrom("aliases")
                    .select("alias")
                    .where("group_id", "=", (eb2) =>
                      eb2.selectFrom("aliases").select("group_id").where("alias", "=", ""),
                    ),
                ),
              ]),
            )
            .orderBy("advisory_id"),
        ),
      )
      .pluck();
    this.#cvss = db.prepare(
      sqlOf(
        qb
          .selectFrom("cvss")
          .select(["version", "vector", "base_score", "source", "kind", "container"])
          .where("cve", "=", "")
          .orderBy(CONTAINER_ORDER)
          .orderBy("kind")
          .orderBy("version", "desc"),
      ),
    );
    this.#cveRecord = db.prepare(sqlOf(qb.selectFrom("cve_records").selectAll().where("cve", "=", "")));
    this.#nvd = db.prepare(sqlOf(qb.selectFrom("nvd").selectAll().where("cve", "=", "")));
    this.#kev = db.prepare(sqlOf(qb.selectFrom("kev").selectAll().where("cve", "=", "")));
    this.#epss = db.prepare(sqlOf(qb.selectFrom("epss").selectAll().where("cve", "=", "")));
    const many = (table: string, order = "") =>
      db.prepare(`SELECT * FROM ${table} WHERE cve IN (SELECT value FROM json_each(?))${order}`);
    this.#many = {
      cvss: many("cvss", ` ORDER BY cve, ${CONTAINER_ORDER_SQL}, kind, version DESC`) as Database.Statement<
        [string],
        VulnDbSchema["cvss"]
      >,
      nvd: many("nvd") as Database.Statement<[string], VulnDbSchema["nvd"]>,
      kev: many("kev") as Database.Statement<[string], VulnDbSchema["kev"]>,
      epss: many("epss") as Database.Statement<[string], VulnDbSchema["epss"]>,
    };
    this.#eol = db
      .prepare<[string], string>(
        sqlOf(qb.selectFrom("eol").select("json").where("product", "=", "").orderBy("cycle")),
      )
      .pluck();
  }

  advisoriesFor(ecosystem: string, name: string): Advisory[] {
    return this.#byPackage.all(ecosystem, packageKey(ecosystem, name)).map((j) => JSON.parse(j) as Advisory);
  }

  advisory(id: string): Advisory | undefined {
    const json = this.#byId.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as Advisory);
  }

  advisoryRecords(id: string): Advisory[] {
    return this.#byId.all(id).map((j) => JSON.parse(j) as Advisory);
  }

  aliasGroup(id: string): string[] {
    return this.#group.all(id);
  }

  bundlesOf(id: string): string[] {
    return this.#bundles.all(id, id);
  }

  preload(cves: readonly string[]): void {
    const pre = this.#pre;
    const todo = [...new Set(cves)].filter((c) => !pre.epss.has(c));
    if (todo.length === 0) return;
    if (pre.epss.size + todo.length > 200_000) for (const m of Object.values(pre)) m.clear();
    for (let i = 0; i < todo.length; i += 5000) {
      const chunk = todo.slice(i, i + 5000);
      const json = JSON.stringify(chunk);
      for (const c of chunk) {
        pre.cvss.set(c, []);
        pre.nvd.set(c, undefined);
        pre.kev.set(c, undefined);
        pre.epss.set(c, undefined);
      }
      for (const r of this.#many.cvss.all(json)) pre.cvss.get(r.cve)?.push(r);
      for (const r of this.#many.nvd.all(json)) pre.nvd.set(r.cve, r);
      for (const r of this.#many.kev.all(json)) pre.kev.set(r.cve, r);
      for (const r of this.#many.epss.all(json)) pre.epss.set(r.cve, r);
    }
  }

  cvss(cve: string): CvssMetric[] {
    const out: CvssMetric[] = [];
    for (const r of this.#pre.cvss.get(cve) ?? this.#cvss.all(cve)) {
      const container = r.container === "cna" || r.container === "adp" ? r.container : undefined;
      // NVD lists the CNA's own metric too (as Secondary): one copy is enough.
      if (container !== undefined && out.some((o) => o.version === r.version && o.vector === r.vector))
        continue;
      const m: CvssMetric = {
        version: r.version as CvssMetric["version"],
        vector: r.vector,
        baseScore: r.base_score,
        source: r.source,
      };
      if (r.kind === "Primary" || r.kind === "Secondary") m.kind = r.kind;
      if (container !== undefined) m.container = container;
      out.push(m);
    }
    return out;
  }

  cveRecord(cve: string): CveRecordSummary | undefined {
    const r = this.#cveRecord.get(cve);
    if (r === undefined) return undefined;
    const rec: CveRecordSummary = {
      id: r.cve,
      state: r.state === "REJECTED" ? "REJECTED" : "PUBLISHED",
      assigner: r.assigner,
      cwes: JSON.parse(r.cwes) as string[],
      references: JSON.parse(r.references_json) as CveRecord["references"],
    };
    if (r.published !== null) rec.published = r.published;
    if (r.updated !== null) rec.updated = r.updated;
    if (r.rejected !== null) rec.rejected = r.rejected;
    if (r.title !== null) rec.title = r.title;
    if (r.description !== null) rec.description = r.description;
    if (r.ssvc_json !== null) rec.ssvc = JSON.parse(r.ssvc_json) as NonNullable<CveRecord["ssvc"]>;
    if (r.kev_json !== null) rec.kev = JSON.parse(r.kev_json) as NonNullable<CveRecord["kev"]>;
    return rec;
  }

  nvd(cve: string): NvdSummary | undefined {
    const r = this.#pre.nvd.has(cve) ? this.#pre.nvd.get(cve) : this.#nvd.get(cve);
    if (r === undefined) return undefined;
    return {
      cve: r.cve,
      published: r.published,
      lastModified: r.last_modified,
      status: r.status,
      description: r.description,
      cwes: JSON.parse(r.cwes) as string[],
      references: JSON.parse(r.references_json) as NvdSummary["references"],
    };
  }

  kev(cve: string): KevEntry | undefined {
    const r = this.#pre.kev.has(cve) ? this.#pre.kev.get(cve) : this.#kev.get(cve);
    if (r === undefined) return undefined;
    const e: KevEntry = {
      cveId: r.cve,
      vendorProject: r.vendor_project,
      product: r.product,
      name: r.name,
      dateAdded: r.date_added,
      dueDate: r.due_date,
      knownRansomwareCampaignUse: r.ransomware === "Known" ? "Known" : "Unknown",
    };
    if (r.required_action !== null) e.requiredAction = r.required_action;
    if (r.notes !== null) e.notes = r.notes;
    return e;
  }

  epss(cve: string): EpssScore | undefined {
    const r = this.#pre.epss.has(cve) ? this.#pre.epss.get(cve) : this.#epss.get(cve);
    if (r === undefined) return undefined;
    const s: EpssScore = { cve: r.cve, epss: r.epss, percentile: r.percentile, date: r.score_date };
    if (r.model_version !== null) s.modelVersion = r.model_version;
    return s;
  }

  eol(product: string): EolCycle[] {
    return this.#eol.all(product).map((j) => JSON.parse(j) as EolCycle);
  }

  builtAt(): string {
    return (
      (this.#db.prepare("SELECT value FROM meta WHERE key = 'built_at'").pluck().get() as
        | string
        | undefined) ?? ""
    );
  }

  status(): DbStatus {
    const db = this.#db;
    const meta = new Map(
      (
        db.prepare(sqlOf(qb.selectFrom("meta").select(["key", "value"]))).all() as {
          key: string;
          value: string;
        }[]
      ).map((r) => [r.key, r.value]),
    );
    const feeds = (
      db.prepare(sqlOf(qb.selectFrom("feeds").selectAll().orderBy("label"))).all() as VulnDbSchema["feeds"][]
    ).map(
      (r): FeedStatus => ({
        label: r.label,
        feed: r.feed,
        source: r.source,
        etag: r.etag,
        lastModified: r.last_modified,
        date: r.feed_date,
        count: r.count,
        unit: r.unit,
        skipped: r.skipped,
        importedAt: r.imported_at,
      }),
    );
    const count = (query: Compilable): number => (db.prepare(sqlOf(query)).pluck().get() as number) ?? 0;
    return {
      path: this.path,
      schemaVersion: Number(meta.get("schema_version")),
      builtAt: meta.get("built_at") ?? "",
      vigilVersion: meta.get("vigil_version") ?? "",
      advisories: count(qb.selectFrom("advisories").select((eb) => eb.fn.countAll().as("n"))),
      packageKeys: count(
        qb
          .selectFrom(
            qb.selectFrom("affected_index").select(["ecosystem", "package_name"]).distinct().as("k"),
          )
          .select((eb) => eb.fn.countAll().as("n")),
      ),
      feeds,
    };
  }

  close(): void {
    this.#db.close();
  }
}
