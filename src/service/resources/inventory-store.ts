/**
 * Stored inventories in and out: `resource_inventories` (the document, db/inventory-document.ts) and the
 * reverse index `resource_packages` with the packages under each key, written together in the caller's
 * transaction.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { packageKey } from "../../intel/index.js";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import {
  encodeInventoryDocument,
  INVENTORY_FORMAT,
  type IndexedPackage,
  resourcePackageRows,
} from "../db/inventory-document.js";
import type { ServiceSchema } from "../db/schema.js";
import { decodeStoredInventory, inventoryDigest } from "./inventory-codec.js";

const CHUNK = 200;

/** Replaces a resource's stored inventory, its digest and its reverse index rows. */
export async function storeInventory(
  trx: Kysely<ServiceSchema>,
  resourceId: string,
  inventory: Inventory,
  now: string,
  collectorVersion?: string,
): Promise<void> {
  const document = encodeInventoryDocument(inventory, collectorVersion);
  await trx
    .updateTable("resources")
    .set({ inventory_digest: inventoryDigest(inventory) })
    .where("id", "=", resourceId)
    .execute();
  const row = {
    resource_id: resourceId,
    format: INVENTORY_FORMAT,
    document,
    sha256: createHash("sha256").update(document).digest("hex"),
    package_count: inventory.packages.length,
    submitted_at: now,
  };
  await trx
    .insertInto("resource_inventories")
    .values(row)
    .onConflict((oc) =>
      oc.column("resource_id").doUpdateSet({
        format: row.format,
        document: row.document,
        sha256: row.sha256,
        package_count: row.package_count,
        submitted_at: row.submitted_at,
      }),
    )
    .execute();
  await trx.deleteFrom("resource_packages").where("resource_id", "=", resourceId).execute();
  const rows = resourcePackageRows(resourceId, inventory);
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto("resource_packages")
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** A resource's stored inventory, or undefined when none was submitted. */
export async function loadInventory(
  db: Kysely<ServiceSchema>,
  resourceId: string,
): Promise<Inventory | undefined> {
  const stored = await db
    .selectFrom("resource_inventories")
    .select("document")
    .where("resource_id", "=", resourceId)
    .executeTakeFirst();
  return stored === undefined ? undefined : decodeStoredInventory(stored.document, `resource ${resourceId}`);
}

/**
 * The packages of each resource held under one of `keys` (as the vulnerability database indexes them),
 * with every other package of the same ecosystem and name, read from the reverse index only (never the
 * stored documents): what the incremental re-evaluation re-matches.
 */
export async function packagesUnderKeys(
  db: Kysely<ServiceSchema>,
  resourceIds: readonly string[],
  keys: readonly { ecosystem: string; name: string }[],
): Promise<Map<string, Package[]>> {
  const found = new Map<string, Map<number, Package>>();
  const read = async (ids: readonly string[], ks: readonly { ecosystem: string; name: string }[]) => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (let j = 0; j < ks.length; j += CHUNK) {
        const chunk = ks.slice(j, j + CHUNK);
        const rows = await db
          .selectFrom("resource_packages")
          .select(["resource_id", "packages"])
          .where("resource_id", "in", ids.slice(i, i + CHUNK))
          .where((eb) =>
            eb.or(chunk.map((k) => eb.and([eb("ecosystem", "=", k.ecosystem), eb("name", "=", k.name)]))),
          )
          .execute();
        for (const r of rows) {
          let m = found.get(r.resource_id);
          if (m === undefined) {
            m = new Map();
            found.set(r.resource_id, m);
          }
          for (const { i: n, p } of JSON.parse(r.packages ?? "[]") as IndexedPackage[]) m.set(n, p);
        }
      }
    }
  };
  await read(resourceIds, keys);
  // Packages of the same ecosystem and name under other keys (a distro binary whose source changed is
  // also indexed under its own name): each package name is itself a key, read once more.
  const asked = new Set(keys.map((k) => `${k.ecosystem}\u0000${k.name}`));
  const more = new Map<string, { ecosystem: string; name: string }>();
  const holders = new Set<string>();
  for (const [resourceId, m] of found) {
    for (const p of m.values()) {
      const k = { ecosystem: p.ecosystem, name: packageKey(p.ecosystem, p.name) };
      const id = `${k.ecosystem}\u0000${k.name}`;
      if (asked.has(id)) continue;
      more.set(id, k);
      holders.add(resourceId);
    }
  }
  if (more.size > 0) await read([...holders], [...more.values()]);
  // Only packages whose name was read in full (a package met under another package's name key, whose
  // own name was not read, is left for a pass that changes its key).
  const whole = (p: Package) => {
    const id = `${p.ecosystem}\u0000${packageKey(p.ecosystem, p.name)}`;
    return asked.has(id) || more.has(id);
  };
  const out = new Map<string, Package[]>();
  for (const [resourceId, m] of found) {
    const list = [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, p]) => p)
      .filter(whole);
    if (list.length > 0) out.set(resourceId, list);
  }
  return out;
}
