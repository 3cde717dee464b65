import type { ServiceContext } from "./context.js";

const DAY = 86_400_000;

/**
 * Finds resources whose coverage time has run out (host inventories older than the stale limit, images
 * pushed before the eligibility window) while they still count as scanning or pending, and queues their
 * re-evaluation, which sets STALE_INVENTORY or SCAN_ELIGIBILITY_EXPIRED (the latter closes findings).
 * The server runs it at start and every hour. Returns the job id, or null when nothing is due.
 */
export async function sweepCoverage(ctx: ServiceContext): Promise<string | null> {
  const now = ctx.now().getTime();
  const staleBefore = new Date(now - ctx.coverage.staleInventoryDays * DAY).toISOString();
  const expiredBefore = new Date(now - ctx.coverage.imageEligibilityDays * DAY).toISOString();
  const rows = await ctx.sdb.db
    .selectFrom("resources")
    .select("id")
    .where((eb) =>
      eb.and([
        eb.or([eb("coverage_status", "=", "SCANNING"), eb("coverage_reason", "=", "PENDING_INITIAL_SCAN")]),
        eb.or([
          eb.and([eb("type", "=", "host"), eb("inventory_at", "<", staleBefore)]),
          eb.and([eb("type", "=", "image"), eb("pushed_at", "<", expiredBefore)]),
        ]),
      ]),
    )
    .orderBy("id")
    .execute();
  if (rows.length === 0) return null;
  return ctx.queue.enqueue("reevaluate", { resourceIds: rows.map((r) => r.id) });
}
