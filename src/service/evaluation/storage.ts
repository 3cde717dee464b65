/**
 * Finding rows in and out: the columns a Finding is stored under, and the batched reads and writes the
 * findings lifecycle (lifecycle.ts) is made of. No decisions here: what to write is the lifecycle's.
 */
import type { Transaction } from "kysely";
import type { Finding, FindingType } from "../../model/finding.js";
import type { ResourceType } from "../../model/resource.js";
import { severityRank } from "../../scoring/severity.js";
import type { NewFinding, ResourceRow, ServiceSchema } from "../db/schema.js";
import { scanTypeOf } from "../resources/scan-types.js";

/** Rows (or ids) per statement: a finding row has about 20 columns, under both dialects' parameter limits. */
export const CHUNK = 200;

export function chunksOf<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The columns of a finding that come from the evaluation (not the lifecycle). */
export function findingColumns(f: Finding, r: ResourceRow) {
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

export type FindingColumns = ReturnType<typeof findingColumns>;

/** A stored finding as the lifecycle compares it with a new match. */
export interface StoredFinding {
  resource_id: string;
  id: string;
  type: string;
  status: string;
  detail: string;
  vulnerability_id: string;
  package_ecosystem: string | null;
  package_name: string | null;
}

/**
 * The stored findings of these resources of the given types, and, with `packageNames`, only those of
 * these package names (the index `findings_resource_package` serves that read): one query per chunk.
 */
export async function readFindings(
  trx: Transaction<ServiceSchema>,
  resourceIds: readonly string[],
  types: readonly FindingType[],
  packageNames?: readonly string[],
): Promise<StoredFinding[]> {
  const out: StoredFinding[] = [];
  const nameChunks = packageNames === undefined ? [undefined] : chunksOf(packageNames);
  for (const ids of chunksOf(resourceIds)) {
    for (const names of nameChunks) {
      if (names !== undefined && names.length === 0) continue;
      out.push(
        ...(await trx
          .selectFrom("findings")
          .select([
            "resource_id",
            "id",
            "type",
            "status",
            "detail",
            "vulnerability_id",
            "package_ecosystem",
            "package_name",
          ])
          .where("resource_id", "in", ids)
          .where("type", "in", types)
          .$if(names !== undefined, (q) => q.where("package_name", "in", names as string[]))
          .execute()),
      );
    }
  }
  return out;
}

export async function insertFindings(trx: Transaction<ServiceSchema>, rows: readonly NewFinding[]) {
  for (const chunk of chunksOf(rows)) await trx.insertInto("findings").values(chunk).execute();
}

/**
 * Overwrites existing findings with these rows in one statement per chunk (an upsert on rows read in
 * this transaction), keeping first_observed_at and, unless `withStatus`, the status, its reason and
 * closed_at.
 */
export async function overwriteFindings(
  trx: Transaction<ServiceSchema>,
  rows: readonly NewFinding[],
  withStatus: boolean,
): Promise<void> {
  for (const chunk of chunksOf(rows)) {
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
}

/** Sets columns of findings given per resource, in statements of up to CHUNK ids (ids are resource-scoped hashes). */
export async function updateFindings(
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
    for (const id of list) {
      if (resources.at(-1) !== resourceId) resources.push(resourceId);
      ids.push(id);
      if (ids.length >= CHUNK || resources.length >= CHUNK) await flush();
    }
  }
  await flush();
}
