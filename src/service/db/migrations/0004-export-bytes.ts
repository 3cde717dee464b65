import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Export files as bytes (`exports.data`: bytea on PostgreSQL, blob on SQLite) instead of base64 text in
 * `exports.content` (moved over, then cleared), and the events outbox's commit-ordered sequence
 * (`events.seq`, assigned by `sequenceEvents` to committed events only, so that readers never pass an
 * event that commits late: see events.ts; existing events are numbered in id order), and for incremental
 * re-evaluation the inventory digest on the resource row and an index of findings by package.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable("exports")
    .addColumn("data", postgres ? sql`bytea` : "blob")
    .execute();
  const old = await sql<{ id: string; content: string }>`
    SELECT id, content FROM exports WHERE content IS NOT NULL`.execute(db);
  for (const r of old.rows) {
    await sql`UPDATE exports SET data = ${Buffer.from(r.content, "base64")}, content = NULL
              WHERE id = ${r.id}`.execute(db);
  }

  // Incremental re-evaluation groups resources by inventory digest without reading the documents (in
  // SQLite a column stored after a large one costs a walk of its overflow pages), and reads a resource's
  // findings of some packages (evaluation.ts reevaluateKeys). Inventories stored before get their
  // document's sha256 (equal documents, equal packages) until they are submitted again.
  await db.schema.alterTable("resources").addColumn("inventory_digest", "text").execute();
  await sql`UPDATE resources SET inventory_digest =
              (SELECT sha256 FROM resource_inventories WHERE resource_inventories.resource_id = resources.id)`.execute(
    db,
  );
  await db.schema
    .createIndex("findings_resource_package")
    .on("findings")
    .columns(["resource_id", "package_name"])
    .execute();

  await db.schema.alterTable("events").addColumn("seq", "bigint").execute();
  await sql`UPDATE events SET seq = s.rn
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM events) AS s
            WHERE events.id = s.id`.execute(db);
  await db.schema.createIndex("events_seq").unique().on("events").column("seq").execute();
  await db.schema
    .createIndex("events_unsequenced")
    .on("events")
    .column("id")
    .where(sql.ref("seq"), "is", null)
    .execute();
}

/** Drops what this migration added (export files go back to base64 text). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("findings_resource_package").execute();
  await db.schema.alterTable("resources").dropColumn("inventory_digest").execute();
  await db.schema.dropIndex("events_unsequenced").execute();
  await db.schema.dropIndex("events_seq").execute();
  await db.schema.alterTable("events").dropColumn("seq").execute();
  const rows = await sql<{ id: string; data: Uint8Array }>`
    SELECT id, data FROM exports WHERE data IS NOT NULL`.execute(db);
  for (const r of rows.rows) {
    await sql`UPDATE exports SET content = ${Buffer.from(r.data).toString("base64")} WHERE id = ${r.id}`.execute(
      db,
    );
  }
  await db.schema.alterTable("exports").dropColumn("data").execute();
}
