import type { ServiceContext } from "../core/context.js";
import { imageRescanOf } from "./configuration.js";
import { imageEligibilityExpired } from "./coverage.js";
import "../db/registry-tables.js";

const DAY = 86_400_000;

/** The shortest push duration an account can choose: an image pushed more recently is never expired. */
const MIN_PUSH_DAYS = 14;

/**
 * Finds resources whose coverage time has run out (host inventories older than the stale limit, images
 * outside their account's rescan durations: pushed before the push window and not pulled within the pull
 * window) while they still count as scanning or pending, and queues their re-evaluation, which sets
 * STALE_INVENTORY or SCAN_ELIGIBILITY_EXPIRED (the latter closes findings). Runs as the periodic
 * `coverage-sweep` job. Returns the job id, or null when nothing is due.
 */
export async function sweepCoverage(ctx: ServiceContext): Promise<string | null> {
  const now = ctx.now();
  const staleBefore = new Date(now.getTime() - ctx.coverage.staleInventoryDays * DAY).toISOString();
  const candidatesBefore = new Date(now.getTime() - MIN_PUSH_DAYS * DAY).toISOString();
  const rows = await ctx.sdb.db
    .selectFrom("resources")
    .leftJoin("registry_images", "registry_images.resource_id", "resources.id")
    .select([
      "resources.id",
      "resources.type",
      "resources.account_id",
      "resources.pushed_at",
      "registry_images.last_pulled_at",
    ])
    .where((eb) =>
      eb.and([
        eb.or([
          eb("resources.coverage_status", "=", "SCANNING"),
          eb("resources.coverage_reason", "=", "PENDING_INITIAL_SCAN"),
        ]),
        eb.or([
          eb.and([eb("resources.type", "=", "host"), eb("resources.inventory_at", "<", staleBefore)]),
          eb.and([eb("resources.type", "=", "image"), eb("resources.pushed_at", "<", candidatesBefore)]),
        ]),
      ]),
    )
    .orderBy("resources.id")
    .execute();
  const rescan = await imageRescanOf(
    ctx.sdb.db,
    rows.filter((r) => r.type === "image").map((r) => r.account_id),
  );
  const due = rows.filter(
    (r) =>
      r.type === "host" ||
      imageEligibilityExpired(
        {
          pushedAt: r.pushed_at,
          lastPulledAt: r.last_pulled_at,
          ...(rescan.has(r.account_id) ? { imageRescan: rescan.get(r.account_id)! } : {}),
        },
        now,
      ) !== null,
  );
  if (due.length === 0) return null;
  return ctx.queue.enqueue("reevaluate", { resourceIds: due.map((r) => r.id) });
}
