import type { Kysely } from "kysely";
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Finding, FindingStatus, FindingType, FixAvailable, Severity } from "../../model/finding.js";
import type { ResourceType } from "../../model/resource.js";
import { type AccessScope, resolveAccounts, visibleAccounts } from "../core/access.js";
import { badRequest, notFound } from "../core/errors.js";
import type { FindingRow, ServiceSchema } from "../db/schema.js";

/** A stored finding as the API shows it: the pipeline's Finding plus where it is and its lifecycle. */
export interface FindingView extends Finding {
  resourceId: string;
  accountId: string;
  resourceType: ResourceType;
  statusReason: string | null;
  firstObservedAt: string;
  lastObservedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A row as the API shows it. */
export function toFindingView(r: FindingRow): FindingView {
  const detail = JSON.parse(r.detail) as Omit<Finding, "status">;
  return {
    ...detail,
    resourceId: r.resource_id,
    accountId: r.account_id,
    resourceType: r.resource_type as ResourceType,
    status: r.status as FindingStatus,
    statusReason: r.status_reason,
    firstObservedAt: r.first_observed_at,
    lastObservedAt: r.last_observed_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

/** Filters of `GET /v1/findings` and its aggregations. */
export interface FindingFilter {
  /** Only these accounts (each must be in the caller's scope); default: every account in scope. */
  accountIds?: string[] | undefined;
  severity?: Severity[] | undefined;
  /** Default: ACTIVE. */
  status?: FindingStatus[] | undefined;
  vulnerabilityId?: string | undefined;
  packageName?: string | undefined;
  resourceType?: ResourceType[] | undefined;
  resourceId?: string | undefined;
  fixAvailable?: FixAvailable[] | undefined;
  type?: FindingType[] | undefined;
  minRisk?: number | undefined;
  maxRisk?: number | undefined;
}

export const SORT_KEYS = ["risk", "severity", "updatedAt", "firstObservedAt"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const SORT_COLUMN = {
  risk: "risk",
  severity: "severity_rank",
  updatedAt: "updated_at",
  firstObservedAt: "first_observed_at",
} as const satisfies Record<SortKey, keyof FindingRow>;

type FindingsQuery = SelectQueryBuilder<ServiceSchema, "findings", object>;

function applyFilter(q: FindingsQuery, scope: AccessScope, f: FindingFilter): FindingsQuery {
  const accounts = resolveAccounts(scope, f.accountIds, visibleAccounts(scope));
  const statuses = f.status ?? ["ACTIVE"];
  return q
    .where("findings.account_id", "in", accounts)
    .where("findings.status", "in", statuses)
    .$if(f.severity !== undefined, (b) => b.where("findings.severity", "in", f.severity as Severity[]))
    .$if(f.vulnerabilityId !== undefined, (b) =>
      b.where("findings.vulnerability_id", "=", f.vulnerabilityId as string),
    )
    .$if(f.packageName !== undefined, (b) => b.where("findings.package_name", "=", f.packageName as string))
    .$if(f.resourceType !== undefined, (b) =>
      b.where("findings.resource_type", "in", f.resourceType as string[]),
    )
    .$if(f.resourceId !== undefined, (b) => b.where("findings.resource_id", "=", f.resourceId as string))
    .$if(f.fixAvailable !== undefined, (b) =>
      b.where("findings.fix_available", "in", f.fixAvailable as string[]),
    )
    .$if(f.type !== undefined, (b) => b.where("findings.type", "in", f.type as string[]))
    .$if(f.minRisk !== undefined, (b) => b.where("findings.risk", ">=", f.minRisk as number))
    .$if(f.maxRisk !== undefined, (b) => b.where("findings.risk", "<=", f.maxRisk as number));
}

/** Page position: the sort value and the (resource id, finding id) of the last row returned. */
type CursorValue = [
  sort: SortKey,
  order: "asc" | "desc",
  value: number | string,
  resourceId: string,
  id: string,
];

function encodeCursor(c: CursorValue): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(text: string, sort: SortKey, order: "asc" | "desc"): CursorValue {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw badRequest("cursor: not a cursor this API returned");
  }
  if (
    !Array.isArray(c) ||
    c.length !== 5 ||
    (typeof c[2] !== "number" && typeof c[2] !== "string") ||
    typeof c[3] !== "string" ||
    typeof c[4] !== "string"
  ) {
    throw badRequest("cursor: not a cursor this API returned");
  }
  if (c[0] !== sort || c[1] !== order) {
    throw badRequest(
      `cursor: it belongs to sortBy=${String(c[0])}&order=${String(c[1])}; keep the sort of the first page`,
    );
  }
  return c as CursorValue;
}

/** One page of findings. */
export interface FindingPage {
  items: FindingView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Findings in the caller's scope, filtered, sorted by `sort` then (resource id, finding id) in the same
 * direction, one page after `cursor` (keyset pagination: stable under inserts).
 * @throws ApiError 404 for an account filter outside the scope, 400 for a foreign cursor
 */
export async function listFindings(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  filter: FindingFilter,
  page: { sort: SortKey; order: "asc" | "desc"; limit: number; cursor?: string | undefined },
): Promise<FindingPage> {
  const col = SORT_COLUMN[page.sort];
  const cmp = page.order === "desc" ? "<" : ">";
  let q = applyFilter(db.selectFrom("findings"), scope, filter);
  if (page.cursor !== undefined) {
    const [, , value, resourceId, id] = decodeCursor(page.cursor, page.sort, page.order);
    q = q.where((eb: ExpressionBuilder<ServiceSchema, "findings">) =>
      eb.or([
        eb(`findings.${col}`, cmp, value),
        eb.and([
          eb(`findings.${col}`, "=", value),
          eb.or([
            eb("findings.resource_id", cmp, resourceId),
            eb.and([eb("findings.resource_id", "=", resourceId), eb("findings.id", cmp, id)]),
          ]),
        ]),
      ]),
    );
  }
  const rows = await q
    .selectAll("findings")
    .orderBy(`findings.${col}`, page.order)
    .orderBy("findings.resource_id", page.order)
    .orderBy("findings.id", page.order)
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(toFindingView),
    nextCursor:
      rows.length > page.limit && last !== undefined
        ? encodeCursor([page.sort, page.order, last[col], last.resource_id, last.id])
        : null,
  };
}

/**
 * One finding by id, in the caller's scope (any status).
 * @throws ApiError 404 when it does not exist or is outside the scope
 */
export async function getFinding(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  id: string,
): Promise<FindingView> {
  const row = await db
    .selectFrom("findings")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound("finding", id);
  return toFindingView(row);
}

export const AGGREGATIONS = ["severity", "resource", "vulnerability", "package", "account"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Counts of findings in one group, by severity. */
export interface AggregationGroup {
  /** The severity, resource id, vulnerability id, "ecosystem/name" or account id. */
  key: string;
  /** Resource groups: the resource's type and name; package groups: ecosystem and name. */
  label?: Record<string, string>;
  total: number;
  counts: Record<Severity, number>;
  /** Vulnerability groups: its title, CISA KEV entry and EPSS score (one request for a "top vulnerabilities" list). */
  vulnerability?: Pick<Finding, "title" | "kev" | "epss">;
}

const SEVERITIES: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED"];

function severitySum(s: Severity) {
  return sql<string | number>`sum(case when findings.severity = ${s} then 1 else 0 end)`.as(
    `n_${s.toLowerCase()}`,
  );
}

/**
 * Finding counts grouped by severity, resource, vulnerability, package or account, over the same filters
 * as the listing; groups with the most critical, then high... findings first.
 */
export async function aggregateFindings(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  by: Aggregation,
  filter: FindingFilter,
  limit: number,
): Promise<AggregationGroup[]> {
  const groupCols = {
    severity: ["findings.severity"],
    resource: ["findings.resource_id"],
    vulnerability: ["findings.vulnerability_id"],
    package: ["findings.package_ecosystem", "findings.package_name"],
    account: ["findings.account_id"],
  } as const;
  const cols = groupCols[by];
  const rows = await applyFilter(db.selectFrom("findings"), scope, filter)
    .select(cols)
    .select((eb) => eb.fn.countAll<string | number>().as("total"))
    .select(SEVERITIES.map(severitySum))
    .groupBy(cols)
    .execute();
  const groups: AggregationGroup[] = rows.map((r) => {
    const counts = Object.fromEntries(
      SEVERITIES.map((s) => [s, Number((r as Record<string, unknown>)[`n_${s.toLowerCase()}`] ?? 0)]),
    ) as Record<Severity, number>;
    const key =
      by === "severity"
        ? String(r.severity)
        : by === "resource"
          ? String(r.resource_id)
          : by === "vulnerability"
            ? String(r.vulnerability_id)
            : by === "package"
              ? `${r.package_ecosystem ?? ""}/${r.package_name ?? ""}`
              : String(r.account_id);
    const g: AggregationGroup = { key, total: Number(r.total), counts };
    if (by === "package") g.label = { ecosystem: r.package_ecosystem ?? "", name: r.package_name ?? "" };
    return g;
  });
  groups.sort((a, b) => {
    for (const s of SEVERITIES) if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
    return b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
  const top = groups.slice(0, limit);
  if (by === "resource" && top.length > 0) {
    const names = await db
      .selectFrom("resources")
      .select(["id", "type", "name"])
      .where(
        "id",
        "in",
        top.map((g) => g.key),
      )
      .execute();
    const byId = new Map(names.map((n) => [n.id, n]));
    for (const g of top) {
      const n = byId.get(g.key);
      if (n !== undefined) g.label = { type: n.type, name: n.name };
    }
  }
  if (by === "vulnerability" && top.length > 0) await addVulnerabilityDetail(db, scope, filter, top);
  return top;
}

/**
 * Title, KEV and EPSS of each vulnerability group, from one finding of each (they describe the
 * vulnerability, so every finding of it carries the same): two queries, whatever the number of groups.
 */
async function addVulnerabilityDetail(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  filter: FindingFilter,
  groups: AggregationGroup[],
): Promise<void> {
  const keys = groups.map((g) => g.key);
  const samples = await applyFilter(db.selectFrom("findings"), scope, filter)
    .where("findings.vulnerability_id", "in", keys)
    .select(["findings.vulnerability_id", (eb) => eb.fn.min("findings.id").as("id")])
    .groupBy("findings.vulnerability_id")
    .execute();
  if (samples.length === 0) return;
  const rows = await db
    .selectFrom("findings")
    .select(["vulnerability_id", "detail"])
    .where(
      "id",
      "in",
      samples.map((r) => String(r.id)),
    )
    .where("vulnerability_id", "in", keys)
    .execute();
  const byVuln = new Map<string, Pick<Finding, "title" | "kev" | "epss">>();
  for (const r of rows) {
    if (byVuln.has(r.vulnerability_id)) continue;
    const d = JSON.parse(r.detail) as Partial<Finding>;
    byVuln.set(r.vulnerability_id, {
      title: d.title ?? r.vulnerability_id,
      ...(d.kev === undefined ? {} : { kev: d.kev }),
      ...(d.epss === undefined ? {} : { epss: d.epss }),
    });
  }
  for (const g of groups) {
    const v = byVuln.get(g.key);
    if (v !== undefined) g.vulnerability = v;
  }
}
