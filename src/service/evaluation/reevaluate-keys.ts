/**
 * Re-evaluation after a vulnerability database change, limited to what changed (the `reevaluate-keys`
 * jobs that `syncVulnDbChanges` enqueues).
 */
import type { Inventory } from "../../model/inventory.js";
import type { ResourceType } from "../../model/resource.js";
import type { ServiceContext } from "../core/context.js";
import type { ResourceRow } from "../db/schema.js";
import { appendEvents, type ServiceEvent } from "../events/events.js";
import { computeCoverage } from "../resources/coverage.js";
import { packagesUnderKeys } from "../resources/inventory-store.js";
import { scanTypeEnabled } from "../resources/resources.js";
import { type EvaluationSummary, reevaluate } from "./evaluate-resource.js";
import { applyFindings, type FindingsOf } from "./lifecycle.js";
import { matchFindings, memoized } from "./match.js";
import { chunksOf } from "./storage.js";

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

/**
 * For each resource, only its packages held under one of `keys` (and every package of the same
 * ecosystem and name, so that a finding's package is wholly in or out) are matched again, read from the
 * reverse index rows of those keys (never the whole stored inventory); only the PACKAGE_VULNERABILITY
 * findings of those packages go through the lifecycle (lifecycle.ts, the same code as a whole re-match):
 * the same rows and events a whole re-match gives for them, since the other packages' advisories did not
 * change. All resources go in one transaction (locked on PostgreSQL, so an inventory submitted meanwhile
 * waits); resources sharing an inventory (same `inventory_digest`) are matched once. A resource whose
 * coverage would change (scan type disabled, tag, staleness, unsupported OS) or whose matching fails is
 * re-matched whole with `evaluateResource` after the transaction.
 *
 * The resource's lastScannedAt is set, as a whole re-match does. Not done here, unlike a whole re-match:
 * findings of other packages keep their lastObservedAt (the time of the last whole match) and detail
 * (risk data - NVD, KEV, EPSS - and END_OF_LIFE findings, which do not depend on advisories, refresh with
 * the next whole match).
 */
export async function reevaluateKeys(
  ctx: ServiceContext,
  resourceIds: readonly string[],
  keys: readonly PackageKeyRef[],
): Promise<KeyedReevaluation> {
  const db = memoized(ctx.vulnDb.current());
  const now = ctx.now();
  const nowIso = now.toISOString();
  const today = nowIso.slice(0, 10);
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
    for (const chunk of chunksOf([...new Set(resourceIds)].sort())) {
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

    // Resources the keyed path can take: scanned now and staying so (an unsupported OS or a failed
    // match shows in the stored coverage). Grouped by inventory digest.
    const enabled = new Map<string, boolean>();
    const groups = new Map<string, ResourceRow[]>();
    for (const r of resources) {
      // inventory_digest is set with the stored inventory (null: none stored); equal digests, equal packages.
      const digest = r.inventory_digest ?? undefined;
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
          inventoryAt: digest === undefined ? null : r.inventory_at,
        },
        now,
        ctx.coverage,
      );
      if (
        digest === undefined ||
        coverage.status !== "SCANNING" ||
        r.coverage_status !== coverage.status ||
        r.coverage_reason !== coverage.reason ||
        r.coverage_detail !== coverage.detail
      ) {
        fallback.push(r.id);
        continue;
      }
      const gk = digest === "" ? `resource:${r.id}` : digest;
      const list = groups.get(gk);
      if (list === undefined) groups.set(gk, [r]);
      else list.push(r);
    }

    // Each distinct inventory's packages under a changed key, read from the reverse index, matched once.
    const byRep = new Map<string, ResourceRow[]>();
    for (const list of groups.values()) byRep.set((list[0] as ResourceRow).id, list);
    const packages = await packagesUnderKeys(trx, [...byRep.keys()], keys);
    const batch: FindingsOf[] = [];
    const keyed: string[] = [];
    for (const [rep, list] of byRep) {
      const held = packages.get(rep) ?? [];
      const partial: Inventory = {
        target: { kind: "sbom", ref: rep },
        packages: held,
        runtimes: [],
        problems: [],
        createdAt: nowIso,
      };
      const scope = {
        types: ["PACKAGE_VULNERABILITY"] as const,
        packages: new Set(held.map((p) => `${p.ecosystem}\u0000${p.name}`)),
      };
      for (const r of list) {
        keyed.push(r.id);
        if (held.length === 0) continue;
        let findings: ReturnType<typeof matchFindings>;
        try {
          // Matched per resource (finding ids are scoped to it); advisories are read once (memoized).
          findings = matchFindings(partial, db, r.id, today);
        } catch {
          keyed.pop();
          fallback.push(r.id); // the whole path records the error in the resource's coverage
          continue;
        }
        batch.push({ resource: r, findings, scope });
      }
    }
    result.incremental = keyed.length;

    const events: ServiceEvent[] = [];
    const counts = await applyFindings(trx, batch, nowIso, events);
    Object.assign(result, counts);
    // The resources are up to date with the database: scanned now. Findings of other packages keep
    // their lastObservedAt (the last whole match): touching every open finding would cost more than
    // the re-match itself.
    for (const chunk of chunksOf(keyed)) {
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
