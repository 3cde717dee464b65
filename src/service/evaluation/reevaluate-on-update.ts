/**
 * Continual re-evaluation: when the vulnerability database is swapped (`vigil db update` or `db import`
 * in another process), re-match only the resources that hold a package key whose advisories changed.
 *
 * How the service learns the changed keys: the service database keeps, per (ecosystem, package key), a
 * digest of the advisories the last synced vulnerability database had for it (`vuln_db_keys`: SHA-256
 * over the sorted (advisory id, content hash) pairs of `affected_index` joined with `advisories`), and
 * that database's `built_at` (`vuln_db_state`). When the current file's `built_at` differs, the digests
 * are recomputed in one ordered query, diffed with the stored ones, and in one transaction the stored
 * digests are updated and `reevaluate-keys` jobs are enqueued for `resourcesHolding(changed keys)`
 * (`reevaluateKeys`: only the packages under a changed key are matched again). The state
 * lives in the service database, so a swap made while the server was down is found at the next start,
 * and a crash between diff and commit leaves the old digests to diff again. Two processes syncing at
 * once may both enqueue the same resources: harmless, re-evaluation is idempotent.
 *
 * The first sync (no stored digests) only records them: there is nothing to compare with. Changes to
 * NVD, KEV or EPSS data (risk, not matches) do not change a key's digest and are not re-matched here.
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import type { Kysely } from "kysely";
import type { ServiceContext } from "../core/context.js";
import type { ServiceSchema } from "../db/schema.js";
import { resourcesHolding } from "../resources/resources.js";
import type { PackageKeyRef } from "./evaluation.js";

/** Per-key advisory digests of the last synced vulnerability database. */
export interface VulnDbKeysTable {
  ecosystem: string;
  /** The package key as the vulnerability database indexes it (see packageKey()). */
  name: string;
  /** Hex SHA-256 of the key's sorted (advisory id, content hash) pairs. */
  digest: string;
}

/** Which vulnerability database the digests describe (one row, id "current"). */
export interface VulnDbStateTable {
  id: string;
  built_at: string;
  synced_at: string;
}

declare module "../jobs/types.js" {
  interface JobPayloads {
    /** Re-match these resources' packages held under the changed keys only (`reevaluateKeys`). */
    "reevaluate-keys": { resourceIds: string[]; keys: PackageKeyRef[] };
  }
}

declare module "../db/schema.js" {
  interface ServiceSchema {
    vuln_db_keys: VulnDbKeysTable;
    vuln_db_state: VulnDbStateTable;
  }
}

/** What one sync did. */
export interface VulnDbSyncResult {
  /** False when the database is the one already synced (nothing was read beyond its meta). */
  swapped: boolean;
  /** "previous" when digests were compared, "none" on the first sync (digests only recorded). */
  baseline: "previous" | "none" | "unchanged";
  builtAt: string;
  /** Package keys whose advisories changed. */
  changedKeys: { ecosystem: string; name: string }[];
  /** Resources enqueued for re-evaluation. */
  resourceIds: string[];
  /** Ids of the enqueued `reevaluate-keys` jobs. */
  jobIds: string[];
}

/** Resources per `reevaluate-keys` job. */
const DEFAULT_BATCH = 100;
/** Rows per insert (3 parameters each: under SQLite's and PostgreSQL's parameter limits). */
const INSERT_CHUNK = 500;

/**
 * Compares the current vulnerability database with the one last synced and enqueues `reevaluate-keys` jobs,
 * in batches, for the resources holding a changed key. Cheap when nothing was swapped (one meta read).
 */
export async function syncVulnDbChanges(
  ctx: ServiceContext,
  options: { batchSize?: number } = {},
): Promise<VulnDbSyncResult> {
  const path = ctx.vulnDb.current().path;
  const db = ctx.sdb.db;
  const seenAt = readBuiltAt(path);
  const unchanged: VulnDbSyncResult = {
    swapped: false,
    baseline: "unchanged",
    builtAt: seenAt,
    changedKeys: [],
    resourceIds: [],
    jobIds: [],
  };
  const state = await db
    .selectFrom("vuln_db_state")
    .selectAll()
    .where("id", "=", "current")
    .executeTakeFirst();
  if (state?.built_at === seenAt) return unchanged;

  // Digests and built_at from one handle: a swap after the check above is described consistently.
  const { builtAt, digests: next } = keyDigests(path);
  if (builtAt === state?.built_at) return { ...unchanged, builtAt };
  const previous = state === undefined ? new Map<string, string>() : await storedDigests(db);
  const changed: string[] = [];
  if (state !== undefined) {
    for (const [k, d] of next) if (previous.get(k) !== d) changed.push(k);
    for (const k of previous.keys()) if (!next.has(k)) changed.push(k);
  }
  const changedKeys = changed.sort().map(splitKey);
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const now = ctx.now().toISOString();

  return db.transaction().execute(async (trx) => {
    const again = await trx
      .selectFrom("vuln_db_state")
      .select("built_at")
      .where("id", "=", "current")
      .executeTakeFirst();
    if (again?.built_at === builtAt) return { ...unchanged, builtAt };
    await writeDigests(trx, previous, next);
    await trx
      .insertInto("vuln_db_state")
      .values({ id: "current", built_at: builtAt, synced_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet({ built_at: builtAt, synced_at: now }))
      .execute();
    const resourceIds = changedKeys.length === 0 ? [] : await resourcesHolding(trx, changedKeys);
    // Resources sharing an inventory (replicas of an image) go in the same job: decoded and matched once.
    const sha = new Map<string, string>();
    for (let i = 0; i < resourceIds.length; i += INSERT_CHUNK) {
      const rows = await trx
        .selectFrom("resources")
        .select(["id", "inventory_digest"])
        .where("id", "in", resourceIds.slice(i, i + INSERT_CHUNK))
        .execute();
      for (const r of rows) sha.set(r.id, r.inventory_digest ?? "");
    }
    const ordered = [...resourceIds].sort((a, b) => {
      const x = sha.get(a) ?? "";
      const y = sha.get(b) ?? "";
      return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
    });
    const jobIds: string[] = [];
    for (let i = 0; i < ordered.length; i += batch) {
      jobIds.push(
        await ctx.queue.enqueue(
          "reevaluate-keys",
          { resourceIds: ordered.slice(i, i + batch), keys: changedKeys },
          { trx },
        ),
      );
    }
    return {
      swapped: true,
      baseline: state === undefined ? "none" : "previous",
      builtAt,
      changedKeys,
      resourceIds,
      jobIds,
    };
  });
}

/** Something to log sync failures to (the Fastify logger fits). */
export interface SyncLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs `syncVulnDbChanges` now and every intervalMs, one run at a time. Returns the function that stops
 * it and waits for a run in flight (so the databases can be closed after).
 */
export function watchVulnDb(ctx: ServiceContext, log: SyncLog, intervalMs = 30_000): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= syncVulnDbChanges(ctx)
      .then((r) => {
        if (r.swapped) {
          log.info(
            { builtAt: r.builtAt, keys: r.changedKeys.length, resources: r.resourceIds.length },
            "vulnerability database changed: re-evaluation enqueued",
          );
        }
      })
      .catch((e: unknown) => log.error({ err: e }, "vulnerability database sync failed"))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

function readBuiltAt(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const v = db.prepare("SELECT value FROM meta WHERE key = 'built_at'").pluck().get();
    return typeof v === "string" ? v : "";
  } finally {
    db.close();
  }
}

/** Per-key digest of a vulnerability database (in one ordered pass over its index) and its built_at. */
export function keyDigests(path: string): { builtAt: string; digests: Map<string, string> } {
  const db = new Database(path, { readonly: true });
  try {
    const builtAt = db.prepare("SELECT value FROM meta WHERE key = 'built_at'").pluck().get();
    const rows = db
      .prepare(
        `SELECT i.ecosystem AS ecosystem, i.package_name AS name, i.advisory_id AS id,
                COALESCE(a.hash, a.modified) AS hash
         FROM affected_index i JOIN advisories a ON a.ref = i.advisory_ref
         ORDER BY 1, 2, 3, 4`,
      )
      .iterate() as IterableIterator<{ ecosystem: string; name: string; id: string; hash: string }>;
    const out = new Map<string, string>();
    let key: string | undefined;
    let hash = createHash("sha256");
    for (const r of rows) {
      const k = `${r.ecosystem}\u0000${r.name}`;
      if (k !== key) {
        if (key !== undefined) out.set(key, hash.digest("hex"));
        key = k;
        hash = createHash("sha256");
      }
      hash.update(`${r.id}\u0000${r.hash}\n`);
    }
    if (key !== undefined) out.set(key, hash.digest("hex"));
    return { builtAt: typeof builtAt === "string" ? builtAt : "", digests: out };
  } finally {
    db.close();
  }
}

async function storedDigests(db: Kysely<ServiceSchema>): Promise<Map<string, string>> {
  const rows = await db.selectFrom("vuln_db_keys").selectAll().execute();
  return new Map(rows.map((r) => [`${r.ecosystem}\u0000${r.name}`, r.digest]));
}

/** Makes the stored digests equal to next, touching only the rows that differ. */
async function writeDigests(
  trx: Kysely<ServiceSchema>,
  previous: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
): Promise<void> {
  const gone = [...previous.keys()].filter((k) => !next.has(k) || next.get(k) !== previous.get(k));
  for (const k of gone) {
    const { ecosystem, name } = splitKey(k);
    await trx
      .deleteFrom("vuln_db_keys")
      .where("ecosystem", "=", ecosystem)
      .where("name", "=", name)
      .execute();
  }
  const rows = [...next]
    .filter(([k, d]) => previous.get(k) !== d)
    .map(([k, digest]) => ({ ...splitKey(k), digest }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx
      .insertInto("vuln_db_keys")
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

function splitKey(k: string): { ecosystem: string; name: string } {
  const i = k.indexOf("\u0000");
  return { ecosystem: k.slice(0, i), name: k.slice(i + 1) };
}
