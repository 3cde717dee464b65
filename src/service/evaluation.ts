import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { errorMessage } from "../errors.js";
import { packageKey } from "../intel/index.js";
import { distroLookups, isDistroEcosystem } from "../match/distro.js";
import type { Finding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import type { CoverageReason, ResourceType } from "../model/resource.js";
import { evaluate } from "../scan/scan.js";
import { severityRank } from "../scoring/severity.js";
import type { ServiceContext } from "./context.js";
import { type Coverage, type CoverageInput, computeCoverage } from "./coverage.js";
import type { NewFinding, ResourceRow, ServiceSchema } from "./db/schema.js";
import { notFound } from "./errors.js";
import { appendEvents, type ServiceEvent } from "./events.js";
import { decodeStoredInventory, encodeStoredInventory } from "./inventory-codec.js";
import { type ResourceView, scanTypeEnabled, toResourceView } from "./resources.js";
import { scanTypeOf } from "./scan-types.js";
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
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
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

async function storeInventory(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  document: string,
  inventory: Inventory,
  now: string,
): Promise<void> {
  const row = {
    resource_id: resource.id,
    format: "cyclonedx-1.6+json",
    document,
    sha256: createHash("sha256").update(document).digest("hex"),
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
