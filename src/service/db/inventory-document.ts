/**
 * How a resource's inventory is stored (`resource_inventories.document`, format `vigil-inventory+json`):
 * Vigil's own inventory model as JSON, with a schema version and what produced it. CycloneDX and SPDX are
 * written only at the edges (SBOM exports, `GET /v1/resources/{id}/inventory`, `vigil sbom`).
 *
 * Beside the document, the reverse index `resource_packages` holds, per key the vulnerability database
 * indexes a package under, the packages of the inventory under that key (`packages`, JSON): the
 * incremental re-evaluation reads those rows for the changed keys only, never the whole document.
 *
 * Here, in the service's lowest module, so that migrations (0011) can write it.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { sortedPackages } from "../../formats/cyclonedx.js";
import { packageKey } from "../../intel/index.js";
import { distroLookups, isDistroEcosystem } from "../../match/distro.js";
import { runtimePackages } from "../../match/runtimes.js";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";

const packageSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  ecosystem: z.string().min(1),
  purl: z.string().min(1),
  source: z.object({ name: z.string(), version: z.string() }).optional(),
  locations: z.array(z.string()).default([]),
  layer: z.string().optional(),
  dev: z.boolean().optional(),
  direct: z.boolean().optional(),
  licenses: z.array(z.string()).optional(),
  foundBy: z.string().default("submitted"),
  metadata: z.record(z.string(), z.string()).optional(),
});

/** Vigil's own inventory JSON (`vigil sbom --format vigil-json`, the agent's reports), parsed at the boundary. */
export const inventorySchema = z.object({
  target: z.object({
    kind: z.enum(["directory", "docker-archive", "oci-layout", "registry", "zip", "sbom", "host"]),
    ref: z.string(),
    digest: z.string().optional(),
    layers: z
      .array(z.object({ digest: z.string(), createdBy: z.string().optional(), size: z.number().optional() }))
      .optional(),
    platform: z.string().optional(),
    tags: z.array(z.string()).optional(),
  }),
  os: z
    .object({
      id: z.string(),
      versionId: z.string().optional(),
      versionCodename: z.string().optional(),
      prettyName: z.string().optional(),
      idLike: z.array(z.string()).optional(),
      ecosystem: z.string().optional(),
    })
    .optional(),
  kernel: z.string().optional(),
  packages: z.array(packageSchema).max(500_000),
  runtimes: z
    .array(
      z.object({
        product: z.string(),
        version: z.string(),
        location: z.string(),
        layer: z.string().optional(),
      }),
    )
    .default([]),
  listeners: z
    .array(
      z.object({
        protocol: z.enum(["tcp", "tcp6", "udp", "udp6"]),
        address: z.string(),
        port: z.number().int(),
        process: z.string().optional(),
      }),
    )
    .optional(),
  problems: z.array(z.object({ path: z.string(), by: z.string(), message: z.string() })).default([]),
  createdAt: z.iso.datetime({ offset: true }),
});

/** The `format` column of a stored inventory in this schema. */
export const INVENTORY_FORMAT = "vigil-inventory+json";
/** The document's schema version: bump it (and add a migration) when the model changes incompatibly. */
export const INVENTORY_SCHEMA_VERSION = 1;

/** The stored document. */
export interface StoredInventoryDocument {
  schema: "vigil-inventory";
  schemaVersion: number;
  /**
   * What produced the inventory: each cataloger (Package.foundBy) that found packages, with its version
   * when the collector said which (catalogers are versioned with Vigil: the collector's Vigil version),
   * else null.
   */
  producedBy: { catalogers: Record<string, string | null> };
  inventory: Inventory;
}

/** The stored document of an inventory; `collectorVersion` is the Vigil version of who collected it, when known. */
export function inventoryDocument(inv: Inventory, collectorVersion?: string): StoredInventoryDocument {
  const catalogers: Record<string, string | null> = {};
  for (const name of [...new Set(inv.packages.map((p) => p.foundBy))].sort())
    catalogers[name] = collectorVersion ?? null;
  return {
    schema: "vigil-inventory",
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    producedBy: { catalogers },
    inventory: inv,
  };
}

export function encodeInventoryDocument(inv: Inventory, collectorVersion?: string): string {
  return JSON.stringify(inventoryDocument(inv, collectorVersion));
}

/**
 * The document of a stored inventory. Stored documents were written by `encodeInventoryDocument` (the
 * boundary parsed them when they were submitted): only the envelope is checked.
 * @throws Error naming `what` when the text is not a stored inventory of a known schema version
 */
export function decodeInventoryDocument(text: string, what: string): StoredInventoryDocument {
  let doc: Partial<StoredInventoryDocument>;
  try {
    doc = JSON.parse(text) as Partial<StoredInventoryDocument>;
  } catch (e) {
    throw new Error(`${what}: stored inventory is not JSON (${(e as Error).message})`);
  }
  if (doc?.schema !== "vigil-inventory" || typeof doc.inventory !== "object" || doc.inventory === null)
    throw new Error(
      `${what}: not a stored Vigil inventory (run \`vigil server\` once to migrate the database)`,
    );
  if (doc.schemaVersion !== INVENTORY_SCHEMA_VERSION)
    throw new Error(
      `${what}: stored inventory schema version ${String(doc.schemaVersion)} is not ${INVENTORY_SCHEMA_VERSION} (a newer Vigil wrote it?)`,
    );
  return doc as StoredInventoryDocument;
}

/** A package key of the vulnerability database, at the version the package is looked up with. */
export interface IndexKey {
  ecosystem: string;
  name: string;
  version: string;
}

/**
 * The reverse index rows of a package: the keys the matcher looks it up under, as the vulnerability
 * database indexes them (`packageKey`: PyPI names normalised), so that a ChangeSet's keys find it.
 * Distro packages are indexed under their source package and their binary name.
 */
export function indexKeys(p: Package): IndexKey[] {
  const lookups = isDistroEcosystem(p.ecosystem) ? distroLookups(p) : [{ name: p.name, version: p.version }];
  return lookups.map((l) => ({
    ecosystem: p.ecosystem,
    name: packageKey(p.ecosystem, l.name),
    version: l.version,
  }));
}

/** A package of an inventory as a reverse index row keeps it: `i` tells the same package under two keys. */
export interface IndexedPackage {
  i: number;
  p: Package;
}

/** A `resource_packages` row. */
export interface ResourcePackageRow extends IndexKey {
  resource_id: string;
  packages: string;
}

/**
 * The reverse index rows of an inventory: one per (ecosystem, key, version), with the packages under it
 * (the inventory's packages and the runtimes matched as packages, e.g. Node.js).
 */
export function resourcePackageRows(resourceId: string, inv: Inventory): ResourcePackageRow[] {
  const rows = new Map<string, { key: IndexKey; packages: IndexedPackage[] }>();
  [...inv.packages, ...runtimePackages(inv.runtimes)].forEach((p, i) => {
    for (const key of indexKeys(p)) {
      const k = `${key.ecosystem}\u0000${key.name}\u0000${key.version}`;
      const row = rows.get(k);
      if (row === undefined) rows.set(k, { key, packages: [{ i, p }] });
      else if (row.packages.at(-1)?.i !== i) row.packages.push({ i, p });
    }
  });
  return [...rows.values()].map(({ key, packages }) => ({
    resource_id: resourceId,
    ...key,
    packages: JSON.stringify(packages),
  }));
}

/**
 * A digest of what matching reads of an inventory (OS release, packages, runtimes), not of its target or
 * time: resources whose inventories have the same one (replicas of an image, hosts built alike) hold the
 * same packages and are re-matched together (evaluation/reevaluate-keys.ts).
 */
export function inventoryDigest(inv: Inventory): string {
  return createHash("sha256")
    .update(JSON.stringify([inv.os ?? null, sortedPackages(inv.packages), inv.runtimes]))
    .digest("hex");
}
