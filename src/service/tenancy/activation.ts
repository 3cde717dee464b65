import type { ResourceType, ScanType } from "../../model/resource.js";
import { type AccessScope, resolveAccounts } from "../core/access.js";
import type { ServiceContext } from "../core/context.js";
import { enqueueFunctionCodeScans } from "../discovery/functions/code-scan.js";
import { enqueueDiscoveryIfEnabled } from "../discovery/registries/registries.js";
import { closeOpenFindings } from "../evaluation/evaluation.js";
import { appendEvents, type ServiceEvent } from "../events/events.js";
import { computeCoverage } from "../resources/coverage.js";
import { imageCoverageFacts } from "../resources/eligibility.js";
import { resourceTypeOf, SCAN_TYPES } from "../resources/scan-types.js";

/** One account's activation state. */
export interface AccountActivation {
  accountId: string;
  scanTypes: Record<ScanType, "ENABLED" | "DISABLED">;
}

/** Activation of the given accounts (a scan type without a row is DISABLED). */
export async function getActivation(
  ctx: ServiceContext,
  accountIds: readonly string[],
): Promise<AccountActivation[]> {
  const rows = await ctx.sdb.db
    .selectFrom("activation")
    .selectAll()
    .where("account_id", "in", accountIds)
    .execute();
  return accountIds.map((accountId) => {
    const scanTypes = Object.fromEntries(
      SCAN_TYPES.map((t) => [t, "DISABLED" as const]),
    ) as AccountActivation["scanTypes"];
    for (const r of rows) if (r.account_id === accountId) scanTypes[r.scan_type as ScanType] = r.status;
    return { accountId, scanTypes };
  });
}

/** What an activation change did. */
export interface ActivationChange {
  accounts: AccountActivation[];
  /** Findings closed by disabling. */
  closedFindings: number;
  /** Id of the job that re-matches the resources an enable brought back (null when none). */
  reevaluationJobId: string | null;
}

/**
 * Enables or disables scan types for the caller's account, or for member accounts it administers.
 * Disabling closes the type's open findings (reason SCAN_TYPE_DISABLED) and sets coverage NOT_SCANNING /
 * SCAN_TYPE_DISABLED, in one transaction; enabling queues a re-evaluation of the resources that have an
 * inventory (coverage becomes PENDING_INITIAL_SCAN for those that have none).
 * @throws ApiError 404 for an account outside the caller's scope
 */
export async function setActivation(
  ctx: ServiceContext,
  scope: AccessScope,
  change: { enable: boolean; scanTypes: readonly ScanType[]; accountIds?: readonly string[] | undefined },
): Promise<ActivationChange> {
  const accountIds = resolveAccounts(scope, change.accountIds, [scope.self]);
  const status = change.enable ? ("ENABLED" as const) : ("DISABLED" as const);
  const now = ctx.now();
  const nowIso = now.toISOString();
  let closedFindings = 0;
  const toReevaluate: string[] = [];
  let jobId: string | null = null;
  await ctx.sdb.db.transaction().execute(async (trx) => {
    const events: ServiceEvent[] = [];
    for (const accountId of accountIds) {
      for (const scanType of change.scanTypes) {
        await trx
          .insertInto("activation")
          .values({ account_id: accountId, scan_type: scanType, status, updated_at: nowIso })
          .onConflict((oc) =>
            oc.columns(["account_id", "scan_type"]).doUpdateSet({ status, updated_at: nowIso }),
          )
          .execute();
      }
      // Image scanning turned on: the account's registries are listed (images pushed in the last 14 days).
      if (change.enable && change.scanTypes.includes("image"))
        await enqueueDiscoveryIfEnabled(ctx, trx, accountId);
      events.push({
        accountId,
        type: "activation.changed",
        subjectId: accountId,
        payload: { status, scanTypes: change.scanTypes },
      });
      // Function code coverage follows function and functionCode: each function's code pass decides
      // anew (closing code findings with SCAN_TYPE_DISABLED, or scanning the stored bundle again).
      if (change.scanTypes.includes("function") || change.scanTypes.includes("functionCode"))
        await enqueueFunctionCodeScans(ctx, trx, { accountId });
      const resourceTypes = [...new Set(change.scanTypes.map(resourceTypeOf))];
      const resources = await trx
        .selectFrom("resources")
        .selectAll()
        .where("account_id", "=", accountId)
        .where("type", "in", resourceTypes)
        .execute();
      for (const r of resources) {
        const types = change.scanTypes.filter((t) => resourceTypeOf(t) === r.type);
        if (!change.enable) {
          for (const t of types) {
            closedFindings += (await closeOpenFindings(trx, r, "SCAN_TYPE_DISABLED", nowIso, events, t))
              .closed;
          }
        }
        // Coverage follows the resource's own scan type (functionCode alone leaves a function covered).
        if (!types.includes(r.type as ScanType)) continue;
        if (change.enable && r.inventory_at !== null) {
          toReevaluate.push(r.id);
          continue;
        }
        const coverage = computeCoverage(
          {
            type: r.type as ResourceType,
            tags: JSON.parse(r.tags) as Record<string, string>,
            scanTypeEnabled: change.enable,
            pushedAt: r.pushed_at,
            inventoryAt: r.inventory_at,
            ...(await imageCoverageFacts(trx, r)),
          },
          now,
          ctx.coverage,
        );
        await trx
          .updateTable("resources")
          .set({
            coverage_status: coverage.status,
            coverage_reason: coverage.reason,
            coverage_detail: coverage.detail,
            updated_at: nowIso,
          })
          .where("id", "=", r.id)
          .execute();
      }
    }
    if (toReevaluate.length > 0)
      jobId = await ctx.queue.enqueue("reevaluate", { resourceIds: toReevaluate }, { trx });
    await appendEvents(trx, events, nowIso);
  });
  return { accounts: await getActivation(ctx, accountIds), closedFindings, reevaluationJobId: jobId };
}
