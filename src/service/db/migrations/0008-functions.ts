import type { Kysely } from "kysely";

/**
 * Functions (issue 7 point 4): every deploy of a function resource is a version (runtime, code and layer
 * sha256s); the latest version's zips are kept (base64 text, portable like 0003's exports) so the
 * inventory job can read them and a later rescan can read them again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("function_versions")
    .addColumn("resource_id", "text", (c) => c.notNull().references("resources.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("runtime", "text", (c) => c.notNull())
    .addColumn("code_sha256", "text", (c) => c.notNull())
    .addColumn("code_size", "integer", (c) => c.notNull())
    .addColumn("layers", "text", (c) => c.notNull())
    .addColumn("bundle_sha256", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("package_count", "integer")
    .addColumn("deployed_at", "text", (c) => c.notNull())
    .addColumn("scanned_at", "text")
    .addPrimaryKeyConstraint("function_versions_pk", ["resource_id", "version"])
    .execute();
  await db.schema
    .createTable("function_bundles")
    .addColumn("resource_id", "text", (c) => c.primaryKey().references("resources.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("layers", "text", (c) => c.notNull())
    .execute();
}

/** Drops what this migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["function_bundles", "function_versions"])
    await db.schema.dropTable(t).ifExists().execute();
}
