import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { decodeInventoryCycloneDx, encodeInventoryCycloneDx } from "../inventory-cyclonedx.js";
import {
  decodeInventoryDocument,
  encodeInventoryDocument,
  INVENTORY_FORMAT,
  inventoryDigest,
  resourcePackageRows,
} from "../inventory-document.js";
import type { ServiceSchema } from "../schema.js";

/**
 * Stored inventories in Vigil's own versioned JSON (db/inventory-document.ts) instead of CycloneDX with
 * `vigil:*` properties, and the packages under each key in the reverse index (`resource_packages.packages`),
 * so that incremental re-evaluation reads only the packages under the changed keys. Every stored document
 * is decoded as CycloneDX (as the service read it before), written back in the new form with its reverse
 * index rows and inventory digest, one resource at a time.
 */
export async function up(raw: Kysely<unknown>): Promise<void> {
  const db = raw as Kysely<ServiceSchema>;
  await db.schema.alterTable("resource_packages").addColumn("packages", "text").execute();
  await eachInventory(db, async (r) => {
    if (r.format === INVENTORY_FORMAT) return;
    const what = `resource ${r.resource_id} (resource_inventories)`;
    const inv = decodeInventoryCycloneDx(r.document, what);
    const document = encodeInventoryDocument(inv);
    await db
      .updateTable("resource_inventories")
      .set({
        format: INVENTORY_FORMAT,
        document,
        sha256: createHash("sha256").update(document).digest("hex"),
        package_count: inv.packages.length,
      })
      .where("resource_id", "=", r.resource_id)
      .execute();
    await db
      .updateTable("resources")
      .set({ inventory_digest: inventoryDigest(inv) })
      .where("id", "=", r.resource_id)
      .execute();
    await db.deleteFrom("resource_packages").where("resource_id", "=", r.resource_id).execute();
    const rows = resourcePackageRows(r.resource_id, inv);
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto("resource_packages")
        .values(rows.slice(i, i + 200))
        .execute();
  });
}

/** Back to CycloneDX documents and key-only reverse index rows. */
export async function down(raw: Kysely<unknown>): Promise<void> {
  const db = raw as Kysely<ServiceSchema>;
  await eachInventory(db, async (r) => {
    if (r.format !== INVENTORY_FORMAT) return;
    const inv = decodeInventoryDocument(r.document, `resource ${r.resource_id}`).inventory;
    const document = encodeInventoryCycloneDx(inv);
    await db
      .updateTable("resource_inventories")
      .set({
        format: "cyclonedx-1.6+json",
        document,
        sha256: createHash("sha256").update(document).digest("hex"),
      })
      .where("resource_id", "=", r.resource_id)
      .execute();
  });
  await db.schema.alterTable("resource_packages").dropColumn("packages").execute();
}

/** Every stored inventory, read a page at a time in resource id order. */
async function eachInventory(
  db: Kysely<ServiceSchema>,
  fn: (r: { resource_id: string; format: string; document: string }) => Promise<void>,
): Promise<void> {
  let after = "";
  for (;;) {
    const page = await db
      .selectFrom("resource_inventories")
      .select(["resource_id", "format", "document"])
      .where("resource_id", ">", after)
      .orderBy("resource_id")
      .limit(100)
      .execute();
    for (const r of page) await fn(r);
    const last = page.at(-1);
    if (last === undefined) return;
    after = last.resource_id;
  }
}
