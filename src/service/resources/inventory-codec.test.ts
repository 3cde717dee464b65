import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { inventoryToCycloneDx } from "../../formats/cyclonedx.js";
import { inventory } from "../../inventory/index.js";
import type { Inventory } from "../../model/inventory.js";
import { expressLodashInventory, FEEDS } from "../test-support/fixtures.js";
import { decodeStoredInventory, encodeStoredInventory, parseInventory } from "./inventory-codec.js";

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

test("stored inventory: target, OS release, kernel, listeners, licenses and package metadata round-trip", () => {
  const inv: Inventory = {
    target: {
      kind: "docker-archive",
      ref: "shop.tar",
      digest: "sha256:3b1e0c5f",
      layers: [{ digest: "sha256:aa11", createdBy: "ADD rootfs.tar /", size: 1024 }],
      platform: "linux/amd64",
      tags: ["acme/shop:1.4"],
    },
    os: {
      id: "debian",
      versionId: "12",
      versionCodename: "bookworm",
      prettyName: "Debian GNU/Linux 12 (bookworm)",
      idLike: ["debian-like"],
      ecosystem: "Debian:12",
    },
    kernel: "6.1.0-18-amd64",
    listeners: [{ protocol: "tcp", address: "0.0.0.0", port: 8080, process: "node" }],
    packages: [
      {
        name: "libc6",
        version: "2.36-9+deb12u4",
        ecosystem: "Debian:12",
        purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12",
        source: { name: "glibc", version: "2.36-9+deb12u4" },
        locations: ["var/lib/dpkg/status"],
        layer: "sha256:aa11",
        licenses: ["LGPL-2.1"],
        foundBy: "dpkg",
        metadata: { architecture: "amd64", installedSize: "12993" },
      },
      {
        name: "left-pad",
        version: "1.3.0",
        ecosystem: "npm",
        purl: "pkg:npm/left-pad@1.3.0",
        locations: ["app/package-lock.json"],
        dev: true,
        direct: false,
        licenses: ["WTFPL"],
        foundBy: "npm-lock",
        metadata: { optional: "true" },
      },
    ],
    runtimes: [
      { product: "nodejs", version: "20.11.1", location: "usr/local/bin/node", layer: "sha256:aa11" },
    ],
    problems: [],
    createdAt: "2026-11-20T00:00:00.000Z",
  };
  const back = decodeStoredInventory(encodeStoredInventory(inv), "stored");
  assert.deepEqual(back.target, inv.target);
  assert.deepEqual(back.os, inv.os);
  assert.equal(back.kernel, inv.kernel);
  assert.deepEqual(back.listeners, inv.listeners);
  assert.deepEqual(back.runtimes, inv.runtimes);
  const byName = (i: Inventory) => [...i.packages].sort((a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(byName(back), byName(inv));
  // An SBOM export of the stored inventory: the subject is the container again, licenses kept.
  const exported = JSON.parse(inventoryToCycloneDx(back)) as {
    metadata: { component: { type: string; version?: string } };
    components: { name: string; licenses?: unknown[] }[];
  };
  assert.equal(exported.metadata.component.type, "container");
  assert.equal(exported.metadata.component.version, "sha256:3b1e0c5f");
  assert.ok(exported.components.find((c) => c.name === "libc6")?.licenses?.length === 1);
});
