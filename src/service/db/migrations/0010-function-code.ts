import type { Kysely } from "kysely";

/**
 * Function code scanning (issue 12 point 4): each function version records its code pass beside its
 * inventory scan (status, error, finding count, time). Code findings themselves are `findings` rows
 * (type CODE_VULNERABILITY, scan type functionCode): no new table. Versions deployed before this
 * migration have no code pass (status null) until their function is deployed or rescanned again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable("function_versions").addColumn("code_status", "text").execute();
  await db.schema.alterTable("function_versions").addColumn("code_error", "text").execute();
  await db.schema.alterTable("function_versions").addColumn("code_findings", "integer").execute();
  await db.schema.alterTable("function_versions").addColumn("code_scanned_at", "text").execute();
}

/** Drops what this migration added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ["code_scanned_at", "code_findings", "code_error", "code_status"])
    await db.schema.alterTable("function_versions").dropColumn(c).execute();
}
