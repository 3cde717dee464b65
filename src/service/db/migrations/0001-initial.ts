import type { Kysely } from "kysely";

/**
 * The first schema. Portable types only: text, integer, double precision; ids and timestamps are text.
 * Both SQLite and PostgreSQL run this same migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("accounts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_keys_account").on("api_keys").column("account_id").execute();

  await db.schema
    .createTable("organizations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("management_account_id", "text", (c) => c.notNull().unique().references("accounts.id"))
    .addColumn("delegated_admin_account_id", "text", (c) => c.references("accounts.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("organization_members")
    .addColumn("account_id", "text", (c) => c.primaryKey().references("accounts.id"))
    .addColumn("organization_id", "text", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    .addColumn("associated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("organization_members_org")
    .on("organization_members")
    .column("organization_id")
    .execute();

  await db.schema
    .createTable("activation")
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("scan_type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("activation_pk", ["account_id", "scan_type"])
    .execute();

  await db.schema
    .createTable("resources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("coverage_status", "text", (c) => c.notNull())
    .addColumn("coverage_reason", "text")
    .addColumn("coverage_detail", "text")
    .addColumn("pushed_at", "text")
    .addColumn("inventory_at", "text")
    .addColumn("last_scanned_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("resources_identity", ["account_id", "type", "name"])
    .execute();

  await db.schema
    .createTable("resource_inventories")
    .addColumn("resource_id", "text", (c) => c.primaryKey().references("resources.id").onDelete("cascade"))
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("package_count", "integer", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("resource_packages")
    .addColumn("resource_id", "text", (c) => c.notNull().references("resources.id").onDelete("cascade"))
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("resource_packages_pk", ["resource_id", "ecosystem", "name", "version"])
    .execute();
  await db.schema
    .createIndex("resource_packages_key")
    .on("resource_packages")
    .columns(["ecosystem", "name"])
    .execute();

  await db.schema
    .createTable("findings")
    .addColumn("resource_id", "text", (c) => c.notNull().references("resources.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("resource_type", "text", (c) => c.notNull())
    .addColumn("scan_type", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("vulnerability_id", "text", (c) => c.notNull())
    .addColumn("package_ecosystem", "text")
    .addColumn("package_name", "text")
    .addColumn("package_version", "text")
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("severity_rank", "integer", (c) => c.notNull())
    .addColumn("risk", "double precision", (c) => c.notNull())
    .addColumn("fix_available", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_reason", "text")
    .addColumn("first_observed_at", "text", (c) => c.notNull())
    .addColumn("last_observed_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("detail", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("findings_pk", ["resource_id", "id"])
    .execute();
  await db.schema.createIndex("findings_id").on("findings").column("id").execute();
  await db.schema
    .createIndex("findings_account_status")
    .on("findings")
    .columns(["account_id", "status"])
    .execute();
  await db.schema.createIndex("findings_vulnerability").on("findings").column("vulnerability_id").execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_account").on("events").columns(["account_id", "id"]).execute();

  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_after", "text", (c) => c.notNull())
    .addColumn("locked_by", "text")
    .addColumn("locked_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_ready").on("jobs").columns(["status", "run_after"]).execute();
}

/** Drops everything the first migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "jobs",
    "events",
    "findings",
    "resource_packages",
    "resource_inventories",
    "resources",
    "activation",
    "organization_members",
    "organizations",
    "api_keys",
    "accounts",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
