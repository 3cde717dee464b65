import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { inventoryToCycloneDx } from "../formats/cyclonedx.js";
import { inventory } from "../inventory/index.js";
import type { Inventory } from "../model/inventory.js";
import { decodeStoredInventory, encodeStoredInventory, parseInventory } from "./inventory-codec.js";
import { expressLodashInventory, FEEDS } from "./test-support/fixtures.js";

const root = mkdtempSync(join(tmpdir(), "vigil-codec-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A Debian 12 root with the real minbase dpkg status. */
async function bookwormInventory(): Promise<Inventory> {
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  mkdirSync(join(root, "etc"), { recursive: true });
  copyFileSync(
    join(FEEDS, "artifacts/dpkg/debian-bookworm-minbase.status"),
    join(root, "var/lib/dpkg/status"),
  );
  writeFileSync(join(root, "etc/os-release"), 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n');
  return inventory(root);
}

function keyOf(inv: Inventory): string[] {
  return inv.packages
    .map((p) =>
      JSON.stringify([
        p.ecosystem,
        p.name,
        p.version,
        p.purl,
        p.source ?? null,
        p.locations,
        p.dev ?? false,
        p.direct ?? null,
      ]),
    )
    .sort();
}

test("stored inventory: Debian packages keep their ecosystem and source package through CycloneDX", async () => {
  const inv = await bookwormInventory();
  assert.ok(inv.packages.length > 50);
  assert.ok(
    inv.packages.some((p) => p.source !== undefined && p.source.name !== p.name),
    "fixture has source packages",
  );
  const back = decodeStoredInventory(encodeStoredInventory(inv), "stored");
  assert.deepEqual(keyOf(back), keyOf(inv));
  assert.equal(back.os?.ecosystem, "Debian:12");
});

test("stored inventory: npm lockfile packages keep direct and locations", async () => {
  const inv = await expressLodashInventory();
  assert.deepEqual(keyOf(decodeStoredInventory(encodeStoredInventory(inv), "stored")), keyOf(inv));
});

test("submission: Vigil's own CycloneDX keeps ecosystems; a foreign CycloneDX is read by purl", async () => {
  const inv = await expressLodashInventory();
  const own = parseInventory(JSON.parse(inventoryToCycloneDx(inv)), "body", new Date());
  assert.deepEqual(keyOf(own), keyOf(inv));
  const foreign = parseInventory(
    {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      components: [{ type: "library", name: "lodash", version: "4.17.15", purl: "pkg:npm/lodash@4.17.15" }],
    },
    "body",
    new Date(),
  );
  assert.deepEqual(
    foreign.packages.map((p) => [p.ecosystem, p.name, p.version]),
    [["npm", "lodash", "4.17.15"]],
  );
});

test("submission: a body that is neither names the field that is wrong", () => {
  assert.throws(
    () =>
      parseInventory({ target: { kind: "host", ref: "h" }, packages: [{ name: "x" }] }, "body", new Date()),
    /body: not a Vigil inventory nor a CycloneDX document \(packages\.0\.version/,
  );
  assert.throws(
    () => parseInventory({ bomFormat: "CycloneDX", specVersion: "1.2", components: [] }, "body", new Date()),
    /specVersion 1\.2 is not supported/,
  );
});
