/**
 * The findings lifecycle, written once: what a new set of findings does to the stored ones of a resource.
 * Used by the whole re-match (evaluation.ts), the incremental pass after a database update
 * (reevaluate-keys.ts), and any other producer of findings (code scanning): each caller says which
 * findings it owns (`FindingScope`), and only those are created, refreshed, reopened or closed.
 *
 * - new: inserted ACTIVE, or SUPPRESSED when a suppression rule of the account covers it
 *   (`finding.created`);
 * - back after being CLOSED: reopened with its first observation kept, the rules applied again
 *   (`finding.reopened`);
 * - still present with other detail (risk, title, fix...): overwritten, status kept (`finding.updated`);
 * - still present, same detail: lastObservedAt moves (no event);
 * - open, in scope, and no longer present: CLOSED with reason RESOLVED (`finding.closed`).
 */
import type { Transaction } from "kysely";
import type { Finding, FindingType } from "../../model/finding.js";
import type { NewFinding, ResourceRow, ServiceSchema } from "../db/schema.js";
import type { ServiceEvent } from "../events/events.js";
import {
  type FindingColumns,
  findingColumns,
  insertFindings,
  overwriteFindings,
  readFindings,
  type StoredFinding,
  updateFindings,
} from "./storage.js";
import { initialStatusFor } from "./suppression.js";

/** Which stored findings of a resource a caller owns: those of these types (and, given, these packages). */
export interface FindingScope {
  types: readonly FindingType[];
  /**
   * Only the findings of these packages, as `${ecosystem}\u0000${name}` (the incremental pass re-matches
   * some packages of a resource and must leave the others' findings alone).
   */
  packages?: ReadonlySet<string>;
}

/** What a whole match of an inventory produces: the scope of `evaluateResource`. */
export const INVENTORY_SCOPE: FindingScope = {
  types: ["PACKAGE_VULNERABILITY", "END_OF_LIFE"],
};

/** One resource's new findings and the scope they replace. */
export interface FindingsOf {
  resource: ResourceRow;
  findings: readonly Finding[];
  scope: FindingScope;
}

export interface LifecycleCounts {
  created: number;
  updated: number;
  reopened: number;
  closed: number;
}

export function noChanges(): LifecycleCounts {
  return { created: 0, updated: 0, reopened: 0, closed: 0 };
}

const key = (ecosystem: string | null, name: string | null) => `${ecosystem}\u0000${name}`;

/**
 * Applies new findings to the stored ones of each resource, within each one's scope, in the caller's
 * transaction, with batched reads and writes; events are appended to `events` (the caller writes them
 * with its own changes). Findings outside a resource's scope are neither read nor touched.
 */
export async function applyFindings(
  trx: Transaction<ServiceSchema>,
  batch: readonly FindingsOf[],
  now: string,
  events: ServiceEvent[],
): Promise<LifecycleCounts> {
  const counts = noChanges();
  if (batch.length === 0) return counts;
  const stored = await readScoped(trx, batch);
  const inserts: NewFinding[] = [];
  const reopen: NewFinding[] = [];
  const refresh: NewFinding[] = [];
  const touched = new Map<string, string[]>();
  const gone = new Map<string, string[]>();
  // Suppression rules per account, applied with the resource's tags: read once per (account, tags), and
  // only for resources that get new or reopened findings.
  const statusFns = new Map<string, Awaited<ReturnType<typeof initialStatusFor>>>();
  for (const { resource, findings } of batch) {
    const old = stored.get(resource.id) ?? new Map<string, StoredFinding>();
    const statusOf = async (cols: FindingColumns) => {
      const k = `${resource.account_id}\u0000${resource.tags}`;
      let fn = statusFns.get(k);
      if (fn === undefined) {
        fn = await initialStatusFor(trx, resource);
        statusFns.set(k, fn);
      }
      return fn(cols);
    };
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
    const present = new Set<string>();
    for (const f of findings) {
      if (present.has(f.id)) continue;
      present.add(f.id);
      const cols = findingColumns(f, resource);
      const was = old.get(f.id);
      const row = {
        ...cols,
        first_observed_at: now,
        last_observed_at: now,
        updated_at: now,
        closed_at: null,
      };
      if (was === undefined) {
        inserts.push({ ...row, ...(await statusOf(cols)) });
        counts.created++;
        event("finding.created", f, { severity: f.severity });
      } else if (was.status === "CLOSED") {
        reopen.push({ ...row, ...(await statusOf(cols)) });
        counts.reopened++;
        event("finding.reopened", f, { severity: f.severity });
      } else if (was.detail !== cols.detail) {
        // Status, its reason and closed_at are not overwritten (overwriteFindings without status).
        refresh.push({ ...row, status: was.status, status_reason: null });
        counts.updated++;
        event("finding.updated", f, { severity: f.severity });
      } else {
        push(touched, resource.id, f.id);
      }
    }
    for (const f of old.values()) {
      if (f.status === "CLOSED" || present.has(f.id)) continue;
      push(gone, resource.id, f.id);
      counts.closed++;
      event("finding.closed", { id: f.id, vulnerabilityId: f.vulnerability_id }, { reason: "RESOLVED" });
    }
  }
  await insertFindings(trx, inserts);
  await overwriteFindings(trx, reopen, true);
  await overwriteFindings(trx, refresh, false);
  await updateFindings(trx, touched, { last_observed_at: now, updated_at: now });
  await updateFindings(trx, gone, {
    status: "CLOSED",
    status_reason: "RESOLVED",
    closed_at: now,
    updated_at: now,
  });
  return counts;
}

/** The stored findings in each resource's scope, by resource and finding id. */
async function readScoped(
  trx: Transaction<ServiceSchema>,
  batch: readonly FindingsOf[],
): Promise<Map<string, Map<string, StoredFinding>>> {
  // Resources with the same types and package filter are read together.
  const groups = new Map<string, FindingsOf[]>();
  for (const b of batch) {
    const g = `${[...b.scope.types].sort().join(",")}|${b.scope.packages === undefined ? "*" : "some"}`;
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [b]);
    else list.push(b);
  }
  const out = new Map<string, Map<string, StoredFinding>>();
  for (const list of groups.values()) {
    const first = list[0] as FindingsOf;
    const names =
      first.scope.packages === undefined
        ? undefined
        : [
            ...new Set(
              list.flatMap((b) => [...(b.scope.packages ?? [])].map((p) => p.slice(p.indexOf("\u0000") + 1))),
            ),
          ];
    const scopeOf = new Map(list.map((b) => [b.resource.id, b.scope]));
    const rows = await readFindings(
      trx,
      list.map((b) => b.resource.id),
      first.scope.types,
      names,
    );
    for (const r of rows) {
      const packages = scopeOf.get(r.resource_id)?.packages;
      if (packages !== undefined && !packages.has(key(r.package_ecosystem, r.package_name))) continue;
      let m = out.get(r.resource_id);
      if (m === undefined) {
        m = new Map();
        out.set(r.resource_id, m);
      }
      m.set(r.id, r);
    }
  }
  return out;
}

/**
 * Closes the open findings of a resource with a reason (the resource is no longer scanned: scan type
 * disabled, exclusion tag, eligibility expired, unsupported OS): all of them, or only those of one scan
 * type.
 */
export async function closeOpenFindings(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  reason: string,
  now: string,
  events: ServiceEvent[],
  scanType?: string,
): Promise<LifecycleCounts> {
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
  return { ...noChanges(), closed: closed.length };
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}
