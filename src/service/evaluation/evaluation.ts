import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { errorMessage } from "../../errors.js";
import { buildFindings, type Enrichment, findingId } from "../../findings/build.js";
import { packageKey } from "../../intel/index.js";
import { distroLookups, isDistroEcosystem } from "../../match/distro.js";
import { type AdvisoryLookup, matchPackages } from "../../match/matcher.js";
import { runtimePackages } from "../../match/runtimes.js";
import type { Advisory } from "../../model/advisory.js";
import type { Finding } from "../../model/finding.js";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import type { CoverageReason, ResourceType } from "../../model/resource.js";
import { evaluate } from "../../scan/scan.js";
import { severityRank } from "../../scoring/severity.js";
import type { ServiceContext } from "../core/context.js";
import { notFound } from "../core/errors.js";
import type { NewFinding, ResourceRow, ServiceSchema } from "../db/schema.js";
import { appendEvents, type ServiceEvent } from "../events/events.js";
import { type Coverage, type CoverageInput, computeCoverage } from "../resources/coverage.js";
import { imageCoverageFacts } from "../resources/eligibility.js";
import {
  decodeStoredInventory,
  encodeStoredInventory,
  inventoryDigest,
} from "../resources/inventory-codec.js";
import { type ResourceView, scanTypeEnabled, toResourceView } from "../resources/resources.js";
import { scanTypeOf } from "../resources/scan-types.js";
import { initialStatusFor } from "./suppression.js";

/** Coverage reasons that close a resource's open findings (the resource is no longer watched). */
const CLOSING_REASONS: ReadonlySet<CoverageReason> = new Set([
  "SCAN_TYPE_DISABLED",
  "EXCLUDED_BY_TAG",
  "SCAN_ELIGIBILITY_EXPIRED",
  "UNSUPPORTED_OS",
]);

/** What one evaluation changed. */
export interface EvaluationSummary {
  resource: ResourceView;
  /** Whether the inventory was matched (false when the resource is not scanned, or matching failed). */
  evaluated: boolean;
  created: number;
  updated: number;
  reopened: number;
  closed: number;
  /** Open (ACTIVE or SUPPRESSED) findings after the evaluation. */
  open: number;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  return chunksOf(items, CHUNK);
}

/** The columns of a finding that come from the evaluation (not the lifecycle). */
function findingColumns(f: Finding, r: ResourceRow) {
  const { status: _s, firstObservedAt: _f, lastObservedAt: _l, updatedAt: _u, ...detail } = f;
  return {
    resource_id: r.id,
    id: f.id,
    account_id: r.account_id,
    resource_type: r.type,
    scan_type: scanTypeOf(r.type as ResourceType, f.type),
    type: f.type,
    vulnerability_id: f.vulnerabilityId,
    package_ecosystem: f.package?.ecosystem ?? null,
    package_name: f.package?.name ?? null,
    package_version: f.package?.version ?? null,
    severity: f.severity,
    severity_rank: severityRank(f.severity),
    risk: f.risk.score,
    fix_available: f.fixAvailable,
    detail: JSON.stringify(detail),
  };
}

/** Matches an inventory for a resource: the findings, or why there are none. */
function matchInventory(
  ctx: ServiceContext,
  resource: ResourceRow,
  inv: Inventory,
): { findings?: Finding[]; evaluation: NonNullable<CoverageInput["evaluation"]> } {
  if (
    (resource.type === "host" || resource.type === "image") &&
    inv.os !== undefined &&
    inv.os.ecosystem === undefined
  ) {
    return { evaluation: { unsupportedOs: `${inv.os.id} ${inv.os.versionId ?? ""}`.trim() } };
  }
  try {
    // Scope the finding ids to the resource: the same package in two resources is two findings.
    const scoped: Inventory = { ...inv, target: { kind: inv.target.kind, ref: resource.id } };
    const result = evaluate(scoped, ctx.vulnDb.current(), { today: ctx.now().toISOString().slice(0, 10) });
    return { findings: result.report.findings, evaluation: {} };
  } catch (e) {
    return { evaluation: { error: `matching failed: ${errorMessage(e)}` } };
  }
}

/**
 * Re-matches one resource against the vulnerability database and applies the findings lifecycle, in one
 * transaction: with `submitted`, the new inventory is stored in the same transaction (durable once this
 * resolves). New findings become ACTIVE; findings still present are refreshed; findings gone are CLOSED
 * (RESOLVED); closed findings back again are reopened with their first observation kept. When the resource
 * is not scanned (scan type disabled, exclusion tag, eligibility expired, unsupported OS) its open
 * findings are closed with that reason.
 * @throws ApiError 404 when the resource does not exist
 */
export async function evaluateResource(
  ctx: ServiceContext,
  resourceId: string,
  submitted?: Inventory,
): Promise<EvaluationSummary> {
  const db = ctx.sdb.db;
  const resource = await db
    .selectFrom("resources")
    .selectAll()
    .where("id", "=", resourceId)
    .executeTakeFirst();
  if (resource === undefined) throw notFound("resource", resourceId);
  const now = ctx.now();
  const nowIso = now.toISOString();
  const enabled = await scanTypeEnabled(db, resource.account_id, resource.type);

  let document: string | undefined;
  if (submitted !== undefined) document = encodeStoredInventory(submitted);
  else {
    const stored = await db
      .selectFrom("resource_inventories")
      .select("document")
      .where("resource_id", "=", resourceId)
      .executeTakeFirst();
    document = stored?.document;
  }
  const inventoryAt = submitted !== undefined ? nowIso : resource.inventory_at;
  const input: CoverageInput = {
    type: resource.type as ResourceType,
    tags: JSON.parse(resource.tags) as Record<string, string>,
    scanTypeEnabled: enabled,
    pushedAt: resource.pushed_at,
    inventoryAt: document === undefined ? null : inventoryAt,
    ...(await imageCoverageFacts(db, resource)),
  };
  let coverage = computeCoverage(input, now, ctx.coverage);
  const inventory =
    document === undefined ? undefined : decodeStoredInventory(document, `resource ${resourceId}`);
  let findings: Finding[] | undefined;
  if (inventory !== undefined && (coverage.reason === null || !CLOSING_REASONS.has(coverage.reason))) {
    const matched = matchInventory(ctx, resource, inventory);
    findings = matched.findings;
    coverage = computeCoverage({ ...input, evaluation: matched.evaluation }, now, ctx.coverage);
    if (coverage.reason !== null && CLOSING_REASONS.has(coverage.reason)) findings = undefined;
  }

  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom("resources")
      .selectAll()
      .where("id", "=", resourceId)
      .$if(ctx.sdb.dialect === "postgres", (q) => q.forUpdate())
      .executeTakeFirst();
    if (locked === undefined) throw notFound("resource", resourceId);
    const events: ServiceEvent[] = [];
    if (submitted !== undefined && document !== undefined && inventory !== undefined) {
      await storeInventory(trx, locked, document, inventory, nowIso);
      events.push({
        accountId: locked.account_id,
        type: "resource.inventory_submitted",
        subjectId: locked.id,
        payload: { packages: inventory.packages.length },
      });
    }
    const counts =
      findings !== undefined
        ? await applyFindings(trx, locked, findings, nowIso, events)
        : coverage.reason !== null && CLOSING_REASONS.has(coverage.reason)
          ? await closeOpenFindings(trx, locked, coverage.reason, nowIso, events)
          : { created: 0, updated: 0, reopened: 0, closed: 0 };
    const updated = await updateCoverage(trx, locked, coverage, nowIso, {
      inventoryAt: submitted !== undefined ? nowIso : locked.inventory_at,
      scanned: findings !== undefined,
    });
    if (
      updated.coverage_status !== locked.coverage_status ||
      updated.coverage_reason !== locked.coverage_reason
    ) {
      events.push({
        accountId: locked.account_id,
        type: "resource.coverage_changed",
        subjectId: locked.id,
        payload: { status: updated.coverage_status, reason: updated.coverage_reason },
      });
    }
    await appendEvents(trx, events, nowIso);
    const open = await trx
      .selectFrom("findings")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("resource_id", "=", locked.id)
      .where("status", "<>", "CLOSED")
      .executeTakeFirstOrThrow();
    return {
      resource: toResourceView(updated),
      evaluated: findings !== undefined,
      ...counts,
      open: Number(open.n),
    };
  });
}

/**
 * Re-matches each resource's stored inventory (after an activation change, a tag change or a
 * vulnerability database update: see `resourcesHolding` for the reverse index). Resources deleted
 * meanwhile are skipped.
 */
export async function reevaluate(
  ctx: ServiceContext,
  resourceIds: readonly string[],
): Promise<EvaluationSummary[]> {
  const out: EvaluationSummary[] = [];
  for (const id of resourceIds) {
    const exists = await ctx.sdb.db
      .selectFrom("resources")
      .select("id")
      .where("id", "=", id)
      .executeTakeFirst();
    if (exists === undefined) continue;
    out.push(await evaluateResource(ctx, id));
  }
  return out;
}

/** A package key of the vulnerability database: its ecosystem and name as it indexes them (`packageKey`). */
export interface PackageKeyRef {
  ecosystem: string;
  name: string;
}

/** What `reevaluateKeys` did. */
export interface KeyedReevaluation {
  /** Resources whose findings of the changed keys were re-matched (the incremental path). */
  incremental: number;
  /** Resources re-matched whole instead (coverage to recompute, matching failed...). */
  full: EvaluationSummary[];
  created: number;
  updated: number;
  reopened: number;
  closed: number;
}

/** Rows per statement of the keyed path (a few parameters each: under both dialects' limits). */
const KEYED_CHUNK = 200;

/**
 * Re-evaluation after a vulnerability database change, limited to what changed: for each resource, only
 * its packages holding one of `keys` (and every package of the same ecosystem and name, so that a
 * finding's package is wholly in or out) are matched again, and only the PACKAGE_VULNERABILITY findings of
 * those packages go through the lifecycle (created, refreshed, reopened with their first observation
 * kept, closed as RESOLVED, suppression rules applied to new and reopened ones, events emitted): the same
 * rows and events a whole re-match gives for them, since the other packages' advisories did not change.
 * All resources go in one transaction (locked on PostgreSQL, so an inventory submitted meanwhile waits),
 * with batched reads and writes; resources sharing a stored inventory (same sha256) are decoded and
 * matched once. A resource whose coverage would change (scan type disabled, tag, staleness, unsupported
 * OS) or whose matching fails is re-matched whole with `evaluateResource` after the transaction.
 *
 * The resource's lastScannedAt is set, as a whole re-match does. Not done here, unlike a whole re-match:
 * findings of other packages keep their lastObservedAt (the time of the last whole match) and detail
 * (risk data - NVD, KEV, EPSS - and end-of-life findings refresh with the next whole match).
 */
export async function reevaluateKeys(
  ctx: ServiceContext,
  resourceIds: readonly string[],
  keys: readonly PackageKeyRef[],
): Promise<KeyedReevaluation> {
  const keySet = new Set(keys.map((k) => `${k.ecosystem}\u0000${k.name}`));
  const vdb = ctx.vulnDb.current();
  const advisories = new Map<string, Advisory[]>();
  const lookup = {
    advisoriesFor(ecosystem: string, name: string) {
      const k = `${ecosystem}\u0000${name}`;
      let list = advisories.get(k);
      if (list === undefined) {
        list = vdb.advisoriesFor(ecosystem, name);
        advisories.set(k, list);
      }
      return list;
    },
  };
  const now = ctx.now();
  const nowIso = now.toISOString();
  const result: KeyedReevaluation = {
    incremental: 0,
    full: [],
    created: 0,
    updated: 0,
    reopened: 0,
    closed: 0,
  };
  if (resourceIds.length === 0) return result;
  const fallback: string[] = [];

  await ctx.sdb.db.transaction().execute(async (trx) => {
    const resources: ResourceRow[] = [];
    // Locked in id order (PostgreSQL): concurrent jobs and submissions take row locks in one order.
    for (const chunk of chunks([...new Set(resourceIds)].sort())) {
      resources.push(
        ...(await trx
          .selectFrom("resources")
          .selectAll()
          .where("id", "in", chunk)
          .orderBy("id")
          .$if(ctx.sdb.dialect === "postgres", (q) => q.forUpdate())
          .execute()),
      );
    }

    // Resources the keyed path can take: scanned now and staying so. Grouped by stored inventory.
    const enabled = new Map<string, boolean>();
    const groups = new Map<string, ResourceRow[]>();
    for (const r of resources) {
      // inventory_digest is set with the stored inventory (null: none stored); equal digests, equal packages.
      const sha = r.inventory_digest ?? undefined;
      const ek = `${r.account_id}\u0000${r.type}`;
      let on = enabled.get(ek);
      if (on === undefined) {
        on = await scanTypeEnabled(trx, r.account_id, r.type);
        enabled.set(ek, on);
      }
      const coverage = computeCoverage(
        {
          type: r.type as ResourceType,
          tags: JSON.parse(r.tags) as Record<string, string>,
          scanTypeEnabled: on,
          pushedAt: r.pushed_at,
          inventoryAt: sha === undefined ? null : r.inventory_at,
        },
        now,
        ctx.coverage,
      );
      if (
        sha === undefined ||
        coverage.status !== "SCANNING" ||
        r.coverage_status !== coverage.status ||
        r.coverage_reason !== coverage.reason ||
        r.coverage_detail !== coverage.detail
      ) {
        fallback.push(r.id);
        continue;
      }
      const gk = sha === "" ? `resource:${r.id}` : sha;
      const list = groups.get(gk);
      if (list === undefined) groups.set(gk, [r]);
      else list.push(r);
    }

    // Decode and match each distinct inventory once, only its packages under a changed key.
    const byRep = new Map<string, ResourceRow[]>();
    for (const list of groups.values()) byRep.set((list[0] as ResourceRow).id, list);
    const work: { resource: ResourceRow; names: Set<string>; template: Finding[] }[] = [];
    const keyed: string[] = [];
    for (const chunk of chunks([...byRep.keys()])) {
      const docs = await trx
        .selectFrom("resource_inventories")
        .select(["resource_id", "document"])
        .where("resource_id", "in", chunk)
        .execute();
      for (const d of docs) {
        const list = byRep.get(d.resource_id) as ResourceRow[];
        let matched: ReturnType<typeof matchKeys> | undefined;
        try {
          matched = matchKeys(
            decodeStoredInventory(d.document, `resource ${d.resource_id}`),
            keySet,
            lookup,
            vdb,
          );
        } catch {
          matched = undefined; // the whole path records the error in the resource's coverage
        }
        for (const r of list) {
          if (matched === undefined || ((r.type === "host" || r.type === "image") && matched.unsupportedOs)) {
            fallback.push(r.id);
            continue;
          }
          keyed.push(r.id);
          if (matched.names.size > 0)
            work.push({ resource: r, names: matched.names, template: matched.findings });
        }
      }
    }
    result.incremental = keyed.length;

    // The findings the re-match may change, in one read per chunk of resources.
    const existing = new Map<string, Map<string, ExistingFinding>>();
    const allNames = [
      ...new Set(work.flatMap((w) => [...w.names].map((n) => n.slice(n.indexOf("\u0000") + 1)))),
    ];
    for (const chunk of chunksOf(work, KEYED_CHUNK)) {
      for (const names of chunksOf(allNames, KEYED_CHUNK)) {
        const rows = await trx
          .selectFrom("findings")
          .select([
            "resource_id",
            "id",
            "status",
            "detail",
            "vulnerability_id",
            "package_ecosystem",
            "package_name",
          ])
          .where(
            "resource_id",
            "in",
            chunk.map((w) => w.resource.id),
          )
          .where("type", "=", "PACKAGE_VULNERABILITY")
          .where("package_name", "in", names)
          .execute();
        for (const r of rows) {
          let m = existing.get(r.resource_id);
          if (m === undefined) {
            m = new Map();
            existing.set(r.resource_id, m);
          }
          m.set(r.id, r);
        }
      }
    }

    const inserts: NewFinding[] = [];
    const reopen: NewFinding[] = [];
    const refresh: NewFinding[] = [];
    const touched = new Map<string, string[]>();
    const gone = new Map<string, string[]>();
    const events: ServiceEvent[] = [];
    // Suppression rules per account, applied with the resource's tags: one closure per (account, tags).
    const statusFns = new Map<string, Awaited<ReturnType<typeof initialStatusFor>>>();
    for (const { resource, names, template } of work) {
      const old = new Map(
        [...(existing.get(resource.id)?.values() ?? [])]
          .filter((f) => names.has(`${f.package_ecosystem}\u0000${f.package_name}`))
          .map((f) => [f.id, f]),
      );
      let initialStatus: Awaited<ReturnType<typeof initialStatusFor>> | undefined;
      const statusOf = async (cols: ReturnType<typeof findingColumns>) => {
        if (initialStatus === undefined) {
          // Read only for resources that get new or reopened findings.
          const k = `${resource.account_id}\u0000${resource.tags}`;
          initialStatus = statusFns.get(k);
          if (initialStatus === undefined) {
            initialStatus = await initialStatusFor(trx, resource);
            statusFns.set(k, initialStatus);
          }
        }
        return initialStatus(cols);
      };
      const present = new Set<string>();
      const event = (
        type: ServiceEvent["type"],
        f: { id: string; vulnerabilityId: string },
        extra: Record<string, unknown>,
      ) =>
        events.push({
          accountId: resource.account_id,
          type,
          subjectId: f.id,
          payload: { resourceId: resource.id, vulnerabilityId: f.vulnerabilityId, ...extra },
        });
      for (const t of template) {
        const f: Finding = { ...t, id: findingId(resource.id, t.vulnerabilityId, t.package as Package) };
        if (present.has(f.id)) continue;
        present.add(f.id);
        const cols = findingColumns(f, resource);
        const was = old.get(f.id);
        if (was === undefined) {
          inserts.push({
            ...cols,
            ...(await statusOf(cols)),
            first_observed_at: nowIso,
            last_observed_at: nowIso,
            updated_at: nowIso,
            closed_at: null,
          });
          result.created++;
          event("finding.created", f, { severity: f.severity });
        } else if (was.status === "CLOSED") {
          reopen.push({
            ...cols,
            ...(await statusOf(cols)),
            first_observed_at: nowIso,
            last_observed_at: nowIso,
            updated_at: nowIso,
            closed_at: null,
          });
          result.reopened++;
          event("finding.reopened", f, { severity: f.severity });
        } else if (was.detail !== cols.detail) {
          refresh.push({
            ...cols,
            status: was.status,
            status_reason: null,
            first_observed_at: nowIso,
            last_observed_at: nowIso,
            updated_at: nowIso,
            closed_at: null,
          });
          result.updated++;
          event("finding.updated", f, { severity: f.severity });
        } else {
          push(touched, resource.id, f.id);
        }
      }
      for (const f of old.values()) {
        if (f.status === "CLOSED" || present.has(f.id)) continue;
        push(gone, resource.id, f.id);
        result.closed++;
        event("finding.closed", { id: f.id, vulnerabilityId: f.vulnerability_id }, { reason: "RESOLVED" });
      }
    }

    for (const chunk of chunksOf(inserts, KEYED_CHUNK))
      await trx.insertInto("findings").values(chunk).execute();
    // Reopened and refreshed rows exist (read above, in this transaction): an upsert updates them in one
    // statement per chunk, keeping first_observed_at (and, refreshed, the status).
    const upsert = async (rows: NewFinding[], withStatus: boolean) => {
      for (const chunk of chunksOf(rows, KEYED_CHUNK)) {
        await trx
          .insertInto("findings")
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(["resource_id", "id"]).doUpdateSet((eb) => {
              const set = {
                account_id: eb.ref("excluded.account_id"),
                resource_type: eb.ref("excluded.resource_type"),
                scan_type: eb.ref("excluded.scan_type"),
                type: eb.ref("excluded.type"),
                vulnerability_id: eb.ref("excluded.vulnerability_id"),
                package_ecosystem: eb.ref("excluded.package_ecosystem"),
                package_name: eb.ref("excluded.package_name"),
                package_version: eb.ref("excluded.package_version"),
                severity: eb.ref("excluded.severity"),
                severity_rank: eb.ref("excluded.severity_rank"),
                risk: eb.ref("excluded.risk"),
                fix_available: eb.ref("excluded.fix_available"),
                detail: eb.ref("excluded.detail"),
                last_observed_at: eb.ref("excluded.last_observed_at"),
                updated_at: eb.ref("excluded.updated_at"),
              };
              return withStatus
                ? {
                    ...set,
                    status: eb.ref("excluded.status"),
                    status_reason: eb.ref("excluded.status_reason"),
                    closed_at: eb.ref("excluded.closed_at"),
                  }
                : set;
            }),
          )
          .execute();
      }
    };
    await upsert(reopen, true);
    await upsert(refresh, false);
    await updateMany(trx, touched, { last_observed_at: nowIso, updated_at: nowIso });
    await updateMany(trx, gone, {
      status: "CLOSED",
      status_reason: "RESOLVED",
      closed_at: nowIso,
      updated_at: nowIso,
    });
    // The resources are up to date with the database: scanned now. Findings of other packages keep
    // their lastObservedAt (the last whole match): touching every open finding would cost more than
    // the re-match itself.
    for (const chunk of chunksOf(keyed, KEYED_CHUNK)) {
      await trx
        .updateTable("resources")
        .set({ last_scanned_at: nowIso, updated_at: nowIso })
        .where("id", "in", chunk)
        .execute();
    }
    await appendEvents(trx, events, nowIso);
  });

  if (fallback.length > 0) result.full = await reevaluate(ctx, fallback.sort());
  return result;
}

type ExistingFinding = {
  resource_id: string;
  id: string;
  status: string;
  detail: string;
  vulnerability_id: string;
  package_ecosystem: string | null;
  package_name: string | null;
};

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Updates findings given per resource, in statements of up to KEYED_CHUNK ids (ids are resource-scoped hashes). */
async function updateMany(
  trx: Transaction<ServiceSchema>,
  byResource: ReadonlyMap<string, readonly string[]>,
  set: {
    last_observed_at?: string;
    updated_at: string;
    status?: string;
    status_reason?: string;
    closed_at?: string;
  },
): Promise<void> {
  let resources: string[] = [];
  let ids: string[] = [];
  const flush = async () => {
    if (ids.length === 0) return;
    await trx
      .updateTable("findings")
      .set(set)
      .where("resource_id", "in", resources)
      .where("id", "in", ids)
      .execute();
    resources = [];
    ids = [];
  };
  for (const [resourceId, list] of byResource) {
    resources.push(resourceId);
    ids.push(...list);
    if (ids.length >= KEYED_CHUNK || resources.length >= KEYED_CHUNK) await flush();
  }
  await flush();
}

/**
 * The packages of an inventory held under one of the keys (with every package of the same ecosystem and
 * name), matched; their findings with a placeholder scope (the caller sets each resource's finding ids).
 */
function matchKeys(
  inv: Inventory,
  keys: ReadonlySet<string>,
  lookup: AdvisoryLookup,
  enrichment: Enrichment,
): { names: Set<string>; findings: Finding[]; unsupportedOs: boolean } {
  // An OS the matcher has no ecosystem for: the whole path decides (UNSUPPORTED_OS) for hosts and images.
  const unsupportedOs = inv.os !== undefined && inv.os.ecosystem === undefined;
  const all = [...inv.packages, ...runtimePackages(inv.runtimes)];
  const names = new Set<string>();
  for (const p of all) {
    if (indexKeys(p).some((k) => keys.has(`${k.ecosystem}\u0000${k.name}`)))
      names.add(`${p.ecosystem}\u0000${p.name}`);
  }
  if (names.size === 0) return { names, findings: [], unsupportedOs };
  const scoped = all.filter((p) => names.has(`${p.ecosystem}\u0000${p.name}`));
  const { matches } = matchPackages(scoped, lookup);
  return {
    names,
    findings: buildFindings(matches, enrichment, { scope: "", network: "unknown" }),
    unsupportedOs,
  };
}

async function storeInventory(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  document: string,
  inventory: Inventory,
  now: string,
): Promise<void> {
  const sha256 = createHash("sha256").update(document).digest("hex");
  await trx
    .updateTable("resources")
    .set({ inventory_digest: inventoryDigest(inventory) })
    .where("id", "=", resource.id)
    .execute();
  const row = {
    resource_id: resource.id,
    format: "cyclonedx-1.6+json",
    document,
    sha256,
    package_count: inventory.packages.length,
    submitted_at: now,
  };
  await trx
    .insertInto("resource_inventories")
    .values(row)
    .onConflict((oc) =>
      oc.column("resource_id").doUpdateSet({
        format: row.format,
        document: row.document,
        sha256: row.sha256,
        package_count: row.package_count,
        submitted_at: row.submitted_at,
      }),
    )
    .execute();
  await trx.deleteFrom("resource_packages").where("resource_id", "=", resource.id).execute();
  const seen = new Set<string>();
  const packages: { resource_id: string; ecosystem: string; name: string; version: string }[] = [];
  for (const p of inventory.packages) {
    for (const key of indexKeys(p)) {
      const k = `${key.ecosystem}\u0000${key.name}\u0000${key.version}`;
      if (seen.has(k)) continue;
      seen.add(k);
      packages.push({ resource_id: resource.id, ...key });
    }
  }
  for (const chunk of chunks(packages)) await trx.insertInto("resource_packages").values(chunk).execute();
}

/**
 * The reverse index rows of a package: the keys the matcher looks it up under, as the vulnerability
 * database indexes them (`packageKey`: PyPI names normalised), so that a ChangeSet's keys find it.
 * Distro packages are indexed under their source package and their binary name.
 */
export function indexKeys(p: Package): { ecosystem: string; name: string; version: string }[] {
  const lookups = isDistroEcosystem(p.ecosystem) ? distroLookups(p) : [{ name: p.name, version: p.version }];
  return lookups.map((l) => ({
    ecosystem: p.ecosystem,
    name: packageKey(p.ecosystem, l.name),
    version: l.version,
  }));
}

type Counts = { created: number; updated: number; reopened: number; closed: number };

async function applyFindings(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  findings: readonly Finding[],
  now: string,
  events: ServiceEvent[],
): Promise<Counts> {
  const existing = new Map(
    (
      await trx
        .selectFrom("findings")
        .select(["id", "status", "detail", "vulnerability_id"])
        .where("resource_id", "=", resource.id)
        .execute()
    ).map((r) => [r.id, r]),
  );
  const counts: Counts = { created: 0, updated: 0, reopened: 0, closed: 0 };
  const initialStatus = await initialStatusFor(trx, resource);
  const inserts: NewFinding[] = [];
  const touched: string[] = [];
  const present = new Set<string>();
  const event = (
    type: ServiceEvent["type"],
    f: { id: string; vulnerabilityId: string },
    extra: Record<string, unknown> = {},
  ) =>
    events.push({
      accountId: resource.account_id,
      type,
      subjectId: f.id,
      payload: { resourceId: resource.id, vulnerabilityId: f.vulnerabilityId, ...extra },
    });
  for (const f of findings) {
    if (present.has(f.id)) continue;
    present.add(f.id);
    const cols = findingColumns(f, resource);
    const old = existing.get(f.id);
    if (old === undefined) {
      inserts.push({
        ...cols,
        ...initialStatus(cols),
        first_observed_at: now,
        last_observed_at: now,
        updated_at: now,
        closed_at: null,
      });
      counts.created++;
      event("finding.created", f, { severity: f.severity });
    } else if (old.status === "CLOSED") {
      await trx
        .updateTable("findings")
        .set({
          ...cols,
          ...initialStatus(cols),
          closed_at: null,
          last_observed_at: now,
          updated_at: now,
        })
        .where("resource_id", "=", resource.id)
        .where("id", "=", f.id)
        .execute();
      counts.reopened++;
      event("finding.reopened", f, { severity: f.severity });
    } else if (old.detail !== cols.detail) {
      await trx
        .updateTable("findings")
        .set({ ...cols, last_observed_at: now, updated_at: now })
        .where("resource_id", "=", resource.id)
        .where("id", "=", f.id)
        .execute();
      counts.updated++;
      event("finding.updated", f, { severity: f.severity });
    } else {
      touched.push(f.id);
    }
  }
  for (const chunk of chunks(inserts)) await trx.insertInto("findings").values(chunk).execute();
  for (const chunk of chunks(touched)) {
    await trx
      .updateTable("findings")
      .set({ last_observed_at: now, updated_at: now })
      .where("resource_id", "=", resource.id)
      .where("id", "in", chunk)
      .execute();
  }
  const gone = [...existing.values()].filter((r) => r.status !== "CLOSED" && !present.has(r.id));
  for (const chunk of chunks(gone.map((r) => r.id))) {
    await trx
      .updateTable("findings")
      .set({ status: "CLOSED", status_reason: "RESOLVED", closed_at: now, updated_at: now })
      .where("resource_id", "=", resource.id)
      .where("id", "in", chunk)
      .execute();
  }
  for (const r of gone)
    event("finding.closed", { id: r.id, vulnerabilityId: r.vulnerability_id }, { reason: "RESOLVED" });
  counts.closed = gone.length;
  return counts;
}

/** Closes every open finding of a resource, or only those of one scan type, with a reason. */
export async function closeOpenFindings(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  reason: string,
  now: string,
  events: ServiceEvent[],
  scanType?: string,
): Promise<Counts> {
  const closed = await trx
    .updateTable("findings")
    .set({ status: "CLOSED", status_reason: reason, closed_at: now, updated_at: now })
    .where("resource_id", "=", resource.id)
    .where("status", "<>", "CLOSED")
    .$if(scanType !== undefined, (q) => q.where("scan_type", "=", scanType as string))
    .returning(["id", "vulnerability_id"])
    .execute();
  for (const r of closed) {
    events.push({
      accountId: resource.account_id,
      type: "finding.closed",
      subjectId: r.id,
      payload: { resourceId: resource.id, vulnerabilityId: r.vulnerability_id, reason },
    });
  }
  return { created: 0, updated: 0, reopened: 0, closed: closed.length };
}

async function updateCoverage(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  coverage: Coverage,
  now: string,
  opts: { inventoryAt: string | null; scanned: boolean },
): Promise<ResourceRow> {
  const set = {
    coverage_status: coverage.status,
    coverage_reason: coverage.reason,
    coverage_detail: coverage.detail,
    inventory_at: opts.inventoryAt,
    last_scanned_at: opts.scanned ? now : resource.last_scanned_at,
    updated_at: now,
  };
  await trx.updateTable("resources").set(set).where("id", "=", resource.id).execute();
  return { ...resource, ...set };
}
