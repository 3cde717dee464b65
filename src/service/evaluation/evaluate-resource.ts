/**
 * The whole re-match of one resource: coverage, matching (match.ts), the findings lifecycle
 * (lifecycle.ts) and the stored inventory, in one transaction.
 */
import type { Transaction } from "kysely";
import type { Finding } from "../../model/finding.js";
import type { Inventory } from "../../model/inventory.js";
import type { CoverageReason, ResourceType } from "../../model/resource.js";
import type { ServiceContext } from "../core/context.js";
import { notFound } from "../core/errors.js";
import type { ResourceRow, ServiceSchema } from "../db/schema.js";
import { appendEvents, type ServiceEvent } from "../events/events.js";
import { type Coverage, type CoverageInput, computeCoverage } from "../resources/coverage.js";
import { imageCoverageFacts } from "../resources/eligibility.js";
import { loadInventory, storeInventory } from "../resources/inventory-store.js";
import { type ResourceView, scanTypeEnabled, toResourceView } from "../resources/resources.js";
import { applyFindings, closeOpenFindings, INVENTORY_SCOPE, noChanges } from "./lifecycle.js";
import { matchResource } from "./match.js";

/** Coverage reasons that close a resource's open findings (the resource is no longer watched). */
export const CLOSING_REASONS: ReadonlySet<CoverageReason> = new Set([
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

  const inventory = submitted ?? (await loadInventory(db, resourceId));
  const inventoryAt = submitted !== undefined ? nowIso : resource.inventory_at;
  const input: CoverageInput = {
    type: resource.type as ResourceType,
    tags: JSON.parse(resource.tags) as Record<string, string>,
    scanTypeEnabled: enabled,
    pushedAt: resource.pushed_at,
    inventoryAt: inventory === undefined ? null : inventoryAt,
    ...(await imageCoverageFacts(db, resource)),
  };
  let coverage = computeCoverage(input, now, ctx.coverage);
  let findings: Finding[] | undefined;
  if (inventory !== undefined && (coverage.reason === null || !CLOSING_REASONS.has(coverage.reason))) {
    const matched = matchResource(ctx.vulnDb.current(), resource, inventory, nowIso.slice(0, 10));
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
    if (submitted !== undefined) {
      await storeInventory(trx, locked.id, submitted, nowIso);
      events.push({
        accountId: locked.account_id,
        type: "resource.inventory_submitted",
        subjectId: locked.id,
        payload: { packages: submitted.packages.length },
      });
    }
    const counts =
      findings !== undefined
        ? await applyFindings(trx, [{ resource: locked, findings, scope: INVENTORY_SCOPE }], nowIso, events)
        : coverage.reason !== null && CLOSING_REASONS.has(coverage.reason)
          ? await closeOpenFindings(trx, locked, coverage.reason, nowIso, events)
          : noChanges();
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
