import type { Kysely } from "kysely";

/**
 * Re-evaluation after a vulnerability database update (the per-key advisory digests of the database the
 * service last synced with), findings reports and SBOM exports. Portable types only, like 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("vuln_db_keys")
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("digest", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("vuln_db_keys_pk", ["ecosystem", "name"])
    .execute();
  await db.schema
    .createTable("vuln_db_state")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("built_at", "text", (c) => c.notNull())
    .addColumn("synced_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("exports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("request", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("content_type", "text")
    .addColumn("filename", "text")
    .addColumn("content", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("exports_account").on("exports").column("account_id").execute();
}

/** Drops what this migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["exports", "vuln_db_state", "vuln_db_keys"])
    await db.schema.dropTable(t).ifExists().execute();
}
