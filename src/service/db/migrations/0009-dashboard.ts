import type { Kysely } from "kysely";

/**
 * Indexes for the dashboard's findings page at 100,000 findings an account (bench/dashboard.ts): one per
 * sort key of `GET /v1/findings` after (account, status), ending with the (resource id, id) tie-break,
 * so that a page is read in index order and the query stops after `limit` rows instead of sorting every
 * finding; and (account, status, severity) so that the severity counts are read from the index alone.
 */
const INDEXES: Record<string, string[]> = {
  findings_page_risk: ["account_id", "status", "risk", "resource_id", "id"],
  findings_page_severity: ["account_id", "status", "severity_rank", "resource_id", "id"],
  findings_page_updated: ["account_id", "status", "updated_at", "resource_id", "id"],
  findings_page_first_observed: ["account_id", "status", "first_observed_at", "resource_id", "id"],
  findings_account_status_severity: ["account_id", "status", "severity"],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, columns] of Object.entries(INDEXES)) {
    await db.schema.createIndex(name).on("findings").columns(columns).execute();
  }
}

/** Drops what this migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of Object.keys(INDEXES)) await db.schema.dropIndex(name).ifExists().execute();
}
