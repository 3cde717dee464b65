import type { Kysely } from "kysely";
import type { ServiceSchema } from "../db/schema.js";

/** Coverage counts over a set of accounts: the dashboard's "scanning / not scanning and why". */
export interface CoverageSummary {
  total: number;
  scanning: number;
  notScanning: number;
  /** Per resource type: how many are scanning and not scanning. */
  byType: Record<string, { scanning: number; notScanning: number }>;
  /** Per not-scanning reason, and per resource type within it. */
  byReason: Record<string, { total: number; byType: Record<string, number> }>;
}

/** Counts resources by type, coverage status and reason. */
export async function coverageSummary(
  db: Kysely<ServiceSchema>,
  accountIds: readonly string[],
): Promise<CoverageSummary> {
  const rows = await db
    .selectFrom("resources")
    .select(["type", "coverage_status", "coverage_reason"])
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("account_id", "in", accountIds)
    .groupBy(["type", "coverage_status", "coverage_reason"])
    .execute();
  const out: CoverageSummary = { total: 0, scanning: 0, notScanning: 0, byType: {}, byReason: {} };
  for (const r of rows) {
    const n = Number(r.n);
    out.total += n;
    const t = out.byType[r.type] ?? { scanning: 0, notScanning: 0 };
    out.byType[r.type] = t;
    if (r.coverage_status === "SCANNING") {
      out.scanning += n;
      t.scanning += n;
    } else {
      out.notScanning += n;
      t.notScanning += n;
      const reason = r.coverage_reason ?? "UNKNOWN";
      const g = out.byReason[reason] ?? { total: 0, byType: {} };
      out.byReason[reason] = g;
      g.total += n;
      g.byType[r.type] = (g.byType[r.type] ?? 0) + n;
    }
  }
  return out;
}
