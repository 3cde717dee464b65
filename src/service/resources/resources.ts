import type { Kysely } from "kysely";
import type { Collector } from "../../host/collector.js";
import type { CoverageReason, CoverageStatus, ResourceType } from "../../model/resource.js";
import { type AccessScope, visibleAccounts } from "../core/access.js";
import type { ServiceContext } from "../core/context.js";
import { conflict, notFound } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { ResourceRow, ServiceSchema } from "../db/schema.js";
import { appendEvents } from "../events/events.js";
import { parseCollector } from "./agents.js";
import { computeCoverage } from "./coverage.js";
import { imageCoverageFacts } from "./eligibility.js";

/** A resource as the API shows it. */
export interface ResourceView {
  id: string;
  accountId: string;
  type: ResourceType;
  name: string;
  tags: Record<string, string>;
  coverage: { status: CoverageStatus; reason: CoverageReason | null; detail: string | null };
  pushedAt: string | null;
  inventoryAt: string | null;
  lastScannedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Hosts: when the host's agent last reported (agents.ts). */
  lastAgentSeenAt: string | null;
  /** Who collected the current inventory (agents.ts). */
  collector: Collector | null;
  /** Hosts: who scans it now, agent or agentless SSH (agentless/scan.ts); null when neither does. */
  scanMode: "AGENT" | "AGENTLESS" | null;
}

/** A resource row as the API shows it. */
export function toResourceView(r: ResourceRow): ResourceView {
  return {
    id: r.id,
    accountId: r.account_id,
    type: r.type as ResourceType,
    name: r.name,
    tags: JSON.parse(r.tags) as Record<string, string>,
    coverage: {
      status: r.coverage_status as CoverageStatus,
      reason: r.coverage_reason as CoverageReason | null,
      detail: r.coverage_detail,
    },
    pushedAt: r.pushed_at,
    inventoryAt: r.inventory_at,
    lastScannedAt: r.last_scanned_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastAgentSeenAt: r.agent_last_seen_at,
    collector: parseCollector(r.collector),
    scanMode: r.scan_mode === "AGENT" || r.scan_mode === "AGENTLESS" ? r.scan_mode : null,
  };
}

/** What identifies and describes a new resource. */
export interface NewResource {
  accountId: string;
  type: ResourceType;
  name: string;
  tags: Record<string, string>;
  pushedAt?: string | undefined;
}

/** Whether the account has this scan type enabled. */
export async function scanTypeEnabled(
  db: Kysely<ServiceSchema>,
  accountId: string,
  scanType: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("activation")
    .select("status")
    .where("account_id", "=", accountId)
    .where("scan_type", "=", scanType)
    .executeTakeFirst();
  return row?.status === "ENABLED";
}

/**
 * Creates a resource (coverage PENDING_INITIAL_SCAN, or why not scanning).
 * @throws ApiError 409 when the account already has a resource of this type and name
 */
export async function createResource(ctx: ServiceContext, input: NewResource): Promise<ResourceView> {
  const existing = await findResourceByName(ctx.sdb.db, input.accountId, input.type, input.name);
  if (existing !== undefined) {
    throw conflict(
      `account ${input.accountId} already has ${input.type} ${JSON.stringify(input.name)} (${existing.id})`,
    );
  }
  const now = ctx.now();
  const nowIso = now.toISOString();
  const enabled = await scanTypeEnabled(ctx.sdb.db, input.accountId, input.type);
  const coverage = computeCoverage(
    {
      type: input.type,
      tags: input.tags,
      scanTypeEnabled: enabled,
      pushedAt: input.pushedAt ?? null,
      inventoryAt: null,
      ...(await imageCoverageFacts(ctx.sdb.db, { id: "", type: input.type, account_id: input.accountId })),
    },
    now,
    ctx.coverage,
  );
  const row: ResourceRow = {
    id: newId("res"),
    account_id: input.accountId,
    type: input.type,
    name: input.name,
    tags: JSON.stringify(input.tags),
    coverage_status: coverage.status,
    coverage_reason: coverage.reason,
    coverage_detail: coverage.detail,
    pushed_at: input.pushedAt ?? null,
    inventory_at: null,
    last_scanned_at: null,
    created_at: nowIso,
    updated_at: nowIso,
    agent_last_seen_at: null,
    collector: null,
    scan_mode: null,
    inventory_digest: null,
  };
  try {
    await insertResource(ctx, row, nowIso);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict(`account ${input.accountId} already has ${input.type} ${JSON.stringify(input.name)}`);
    }
    throw e;
  }
  return toResourceView(row);
}

async function insertResource(ctx: ServiceContext, row: ResourceRow, nowIso: string): Promise<void> {
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.insertInto("resources").values(row).execute();
    await appendEvents(
      trx,
      [
        {
          accountId: row.account_id,
          type: "resource.created",
          subjectId: row.id,
          payload: { type: row.type, name: row.name },
        },
      ],
      nowIso,
    );
  });
}

/** Whether a database error is a unique constraint violation (SQLite or PostgreSQL). */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * The account's resource of this type and name, created when new; safe against a concurrent creation
 * of the same resource (the loser reads the winner's row).
 */
export async function findOrCreateResource(
  ctx: ServiceContext,
  input: NewResource,
): Promise<{ row: ResourceRow; created: boolean }> {
  const existing = await findResourceByName(ctx.sdb.db, input.accountId, input.type, input.name);
  if (existing !== undefined) return { row: existing, created: false };
  try {
    const view = await createResource(ctx, input);
    const row = await findResourceByName(ctx.sdb.db, input.accountId, input.type, input.name);
    if (row === undefined) throw notFound("resource", view.id);
    return { row, created: true };
  } catch (e) {
    const winner = await findResourceByName(ctx.sdb.db, input.accountId, input.type, input.name);
    if (winner !== undefined) return { row: winner, created: false };
    throw e;
  }
}

/** The account's resource of this type and name, if any. */
export async function findResourceByName(
  db: Kysely<ServiceSchema>,
  accountId: string,
  type: ResourceType,
  name: string,
): Promise<ResourceRow | undefined> {
  return db
    .selectFrom("resources")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("type", "=", type)
    .where("name", "=", name)
    .executeTakeFirst();
}

/**
 * A resource the scope may see.
 * @throws ApiError 404 when it does not exist or belongs to an account outside the scope
 */
export async function visibleResource(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  id: string,
): Promise<ResourceRow> {
  const row = await db
    .selectFrom("resources")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound("resource", id);
  return row;
}

/** Filters and page of a resource listing. */
export interface ResourceQuery {
  accountIds: string[];
  type?: ResourceType | undefined;
  coverageStatus?: CoverageStatus | undefined;
  limit: number;
  /** The last id of the previous page. */
  after?: string | undefined;
}

/** Resources of the given accounts in id order (creation order), one page. */
export async function listResources(
  db: Kysely<ServiceSchema>,
  q: ResourceQuery,
): Promise<{ items: ResourceView[]; next: string | null }> {
  const rows = await db
    .selectFrom("resources")
    .selectAll()
    .where("account_id", "in", q.accountIds)
    .$if(q.type !== undefined, (b) => b.where("type", "=", q.type as ResourceType))
    .$if(q.coverageStatus !== undefined, (b) =>
      b.where("coverage_status", "=", q.coverageStatus as CoverageStatus),
    )
    .$if(q.after !== undefined, (b) => b.where("id", ">", q.after as string))
    .orderBy("id")
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(toResourceView), next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Deletes a resource with its inventory, packages and findings. */
export async function deleteResource(ctx: ServiceContext, row: ResourceRow): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.sdb.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("findings").where("resource_id", "=", row.id).execute();
    await trx.deleteFrom("resource_packages").where("resource_id", "=", row.id).execute();
    await trx.deleteFrom("resource_inventories").where("resource_id", "=", row.id).execute();
    await trx.deleteFrom("resources").where("id", "=", row.id).execute();
    await appendEvents(
      trx,
      [
        {
          accountId: row.account_id,
          type: "resource.deleted",
          subjectId: row.id,
          payload: { type: row.type, name: row.name },
        },
      ],
      now,
    );
  });
}

/**
 * The resources that hold any of these packages (ecosystem, name): the reverse index that re-evaluation
 * after a vulnerability database update starts from (the ChangeSet's package keys).
 */
export async function resourcesHolding(
  db: Kysely<ServiceSchema>,
  packages: readonly { ecosystem: string; name: string }[],
): Promise<string[]> {
  const ids = new Set<string>();
  for (let i = 0; i < packages.length; i += 200) {
    const chunk = packages.slice(i, i + 200);
    const rows = await db
      .selectFrom("resource_packages")
      .select("resource_id")
      .distinct()
      .where((eb) =>
        eb.or(chunk.map((p) => eb.and([eb("ecosystem", "=", p.ecosystem), eb("name", "=", p.name)]))),
      )
      .execute();
    for (const r of rows) ids.add(r.resource_id);
  }
  return [...ids].sort();
}

/** Replaces a resource's tags (the caller then re-evaluates it: the exclusion tag changes coverage). */
export async function setTags(
  ctx: ServiceContext,
  row: ResourceRow,
  tags: Record<string, string>,
): Promise<void> {
  await ctx.sdb.db
    .updateTable("resources")
    .set({ tags: JSON.stringify(tags), updated_at: ctx.now().toISOString() })
    .where("id", "=", row.id)
    .execute();
}
