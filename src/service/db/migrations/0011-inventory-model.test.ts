import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Migrator } from "kysely";
import { inventory } from "../../../inventory/index.js";
import type { Inventory } from "../../../model/inventory.js";
import { loadInventory, packagesUnderKeys } from "../../resources/inventory-store.js";
import { createTestDatabase, dialects, FEEDS } from "../../test-support/fixtures.js";
import { openServiceDb } from "../connect.js";
import { encodeInventoryCycloneDx } from "../inventory-cyclonedx.js";
import { INVENTORY_FORMAT } from "../inventory-document.js";
import { MIGRATIONS, migrateToLatest } from "../migrate.js";

const root = mkdtempSync(join(tmpdir(), "vigil-0011-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A real Debian 12 inventory (the minbase dpkg status), with a kernel and a listener as an agent sends. */
async function bookworm(): Promise<Inventory> {
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  mkdirSync(join(root, "etc"), { recursive: true });
  copyFileSync(
    join(FEEDS, "artifacts/dpkg/debian-bookworm-minbase.status"),
    join(root, "var/lib/dpkg/status"),
  );
  writeFileSync(join(root, "etc/os-release"), 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n');
  const inv = await inventory(root);
  return {
    ...inv,
    target: { kind: "host", ref: "web-1" },
    kernel: "6.1.0-18-amd64",
    listeners: [{ protocol: "tcp", address: "0.0.0.0", port: 22, process: "sshd" }],
  };
}

/** Packages in a comparable order (the CycloneDX document sorted them by purl). */
const byPurl = (inv: Inventory) =>
  [...inv.packages].sort((a, b) =>
    `${a.purl}\u0000${a.locations[0]}`.localeCompare(`${b.purl}\u0000${b.locations[0]}`),
  );

for (const { dialect, skip } of await dialects()) {
  describe(`0011-inventory-model: stored CycloneDX inventories become Vigil JSON (${dialect})`, {
    skip,
  }, () => {
    test("a stored CycloneDX inventory of a real Debian root decodes to the same model; its reverse index rows carry the packages", async () => {
      const inv = await bookworm();
      const tdb = await createTestDatabase(dialect);
      const sdb = openServiceDb(tdb.location);
      try {
        // The schema before 0011, and a resource whose inventory was stored as the service stored it then.
        const before = Object.fromEntries(
          Object.entries(MIGRATIONS).filter(([name]) => name < "0011-inventory-model"),
        );
        const { error } = await new Migrator({
          db: sdb.db,
          provider: { getMigrations: async () => before },
        }).migrateToLatest();
        assert.equal(error, undefined);
        const at = "2026-11-26T00:00:00.000Z";
        await sdb.db.insertInto("accounts").values({ id: "acc_1", name: "a", created_at: at }).execute();
        await sdb.db
          .insertInto("resources")
          .values({
            id: "res_1",
            account_id: "acc_1",
            type: "host",
            name: "web-1",
            tags: "{}",
            coverage_status: "SCANNING",
            coverage_reason: null,
            coverage_detail: null,
            pushed_at: null,
            inventory_at: at,
            last_scanned_at: at,
            created_at: at,
            updated_at: at,
            inventory_digest: "sha-of-the-document",
          } as never)
          .execute();
        const document = encodeInventoryCycloneDx(inv);
        await sdb.db
          .insertInto("resource_inventories")
          .values({
            resource_id: "res_1",
            format: "cyclonedx-1.6+json",
            document,
            sha256: "x",
            package_count: inv.packages.length,
            submitted_at: at,
          })
          .execute();

        assert.deepEqual(await migrateToLatest(sdb.db), ["0011-inventory-model"]);

        const row = await sdb.db
          .selectFrom("resource_inventories")
          .selectAll()
          .where("resource_id", "=", "res_1")
          .executeTakeFirstOrThrow();
        assert.equal(row.format, INVENTORY_FORMAT);
        const doc = JSON.parse(row.document) as { schemaVersion: number; producedBy: { catalogers: object } };
        assert.equal(doc.schemaVersion, 1);
        assert.deepEqual(Object.keys(doc.producedBy.catalogers), ["dpkg"]);
        const back = (await loadInventory(sdb.db, "res_1")) as Inventory;
        assert.deepEqual(back.target, inv.target);
        assert.deepEqual(back.os, inv.os);
        assert.equal(back.kernel, inv.kernel);
        assert.deepEqual(back.listeners, inv.listeners);
        assert.deepEqual(byPurl(back), byPurl(inv));

        // The reverse index now says which packages sit under a key: a source package's binaries.
        const binary = inv.packages.find((p) => p.source !== undefined && p.source.name !== p.name);
        const source = binary?.source?.name as string;
        const held = (
          await packagesUnderKeys(sdb.db, ["res_1"], [{ ecosystem: "Debian:12", name: source }])
        ).get("res_1");
        const names = (ps: Inventory["packages"]) => ps.map((p) => `${p.name}@${p.version}`).sort();
        assert.deepEqual(
          names(held ?? []),
          names(inv.packages.filter((p) => p.source?.name === source || p.name === source)),
        );
        assert.ok((held?.length ?? 0) > 0, `the fixture holds ${source}'s binaries`);
      } finally {
        await sdb.close();
        await tdb.drop();
      }
    });
  });
}
