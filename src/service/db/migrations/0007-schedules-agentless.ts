import type { Kysely } from "kysely";

/**
 * Periodic work that survives restarts and runs once across processes (`schedules`, see
 * ../../scheduler.ts), and hosts scanned over SSH (`agentless_targets`, see ../../agentless/).
 * Portable types only, like 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("schedules")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("job_type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("every_ms", "bigint", (c) => c.notNull())
    .addColumn("next_run_at", "text", (c) => c.notNull())
    .addColumn("last_run_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("schedules_next_run").on("schedules").column("next_run_at").execute();

  await db.schema
    .createTable("agentless_targets")
    .addColumn("resource_id", "text", (c) => c.primaryKey().references("resources.id").onDelete("cascade"))
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("port", "integer", (c) => c.notNull())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("private_key", "text", (c) => c.notNull())
    .addColumn("host_key", "text")
    .addColumn("host_key_source", "text", (c) => c.notNull())
    .addColumn("root", "text")
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("interval_hours", "integer", (c) => c.notNull())
    .addColumn("last_scan_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The scan mode in use on a host (AGENT, AGENTLESS or null), kept by ../../agentless/scan.ts.
  await db.schema.alterTable("resources").addColumn("scan_mode", "text").execute();
  await db.schema
    .createIndex("agentless_targets_account")
    .on("agentless_targets")
    .column("account_id")
    .execute();
}

/** Drops what this migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("resources").dropColumn("scan_mode").execute();
  for (const t of ["agentless_targets", "schedules"]) await db.schema.dropTable(t).ifExists().execute();
}
