import type { Kysely } from "kysely";

/**
 * Registry connections, the images discovered in them (push date, tags, last pull), and per-account
 * configuration (image rescan durations). Portable types only, like 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("registries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("username", "text")
    .addColumn("password_sealed", "text")
    .addColumn("repositories", "text")
    .addColumn("inclusion_rules", "text", (c) => c.notNull())
    .addColumn("poll_interval_minutes", "integer", (c) => c.notNull())
    .addColumn("notification_token_hash", "text", (c) => c.notNull())
    .addColumn("last_listed_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("registries_account").on("registries").column("account_id").execute();

  await db.schema
    .createTable("registry_images")
    .addColumn("resource_id", "text", (c) => c.primaryKey().references("resources.id").onDelete("cascade"))
    .addColumn("registry_id", "text", (c) => c.notNull().references("registries.id").onDelete("cascade"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("repository", "text", (c) => c.notNull())
    .addColumn("digest", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("pushed_at", "text", (c) => c.notNull())
    .addColumn("last_pulled_at", "text")
    .addColumn("last_scan_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("registry_images_identity", ["registry_id", "repository", "digest"])
    .execute();

  await db.schema
    .createTable("account_configuration")
    .addColumn("account_id", "text", (c) => c.primaryKey().references("accounts.id").onDelete("cascade"))
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

/** Drops what this migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["account_configuration", "registry_images", "registries"])
    await db.schema.dropTable(t).ifExists().execute();
}
