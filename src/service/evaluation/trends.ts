import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Severity } from "../../model/finding.js";
import type { ResourceType } from "../../model/resource.js";
import type { ServiceSchema } from "../db/schema.js";

/** One UTC day of the findings trend. */
export interface TrendDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** Findings open (not CLOSED: ACTIVE or SUPPRESSED) at the end of the day. */
  open: number;
  /** Findings first observed that day. */
  new: number;
  /** Findings closed that day (and still closed). */
  closed: number;
}

export interface TrendFilter {
  accountIds: readonly string[];
  resourceType?: ResourceType[] | undefined;
  severity?: Severity[] | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Daily open/new/closed finding counts for the `days` UTC days ending with `now`'s day, from each
 * finding's `first_observed_at` and `closed_at`. A finding that closed and reopened counts from its
 * first observation and, while open, as open (the lifecycle keeps no history of earlier closures).
 */
export async function findingTrends(
  db: Kysely<ServiceSchema>,
  filter: TrendFilter,
  days: number,
  now: Date,
): Promise<TrendDay[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const startMs = today - (days - 1) * DAY_MS;
  const start = new Date(startMs).toISOString();
  const base = () =>
    db
      .selectFrom("findings")
      .where("account_id", "in", filter.accountIds)
      .$if(filter.resourceType !== undefined, (q) =>
        q.where("resource_type", "in", filter.resourceType as string[]),
      )
      .$if(filter.severity !== undefined, (q) => q.where("severity", "in", filter.severity as string[]));

  const before = await base()
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("first_observed_at", "<", start)
    .where((eb) => eb.or([eb("closed_at", "is", null), eb("closed_at", ">=", start)]))
    .executeTakeFirst();
  const firstDay = sql<string>`substr(first_observed_at, 1, 10)`;
  const closedDay = sql<string>`substr(closed_at, 1, 10)`;
  const created = await base()
    .select([firstDay.as("day"), (eb) => eb.fn.countAll<string | number>().as("n")])
    .where("first_observed_at", ">=", start)
    .groupBy(firstDay)
    .execute();
  const closed = await base()
    .select([closedDay.as("day"), (eb) => eb.fn.countAll<string | number>().as("n")])
    .where("closed_at", ">=", start)
    .groupBy(closedDay)
    .execute();
  const newBy = new Map(created.map((r) => [r.day, Number(r.n)]));
  const closedBy = new Map(closed.map((r) => [r.day, Number(r.n)]));
  const out: TrendDay[] = [];
  let open = Number(before?.n ?? 0);
  for (let i = 0; i < days; i++) {
    const date = new Date(startMs + i * DAY_MS).toISOString().slice(0, 10);
    const n = newBy.get(date) ?? 0;
    const c = closedBy.get(date) ?? 0;
    open += n - c;
    out.push({ date, open, new: n, closed: c });
  }
  return out;
}
