import assert from "node:assert/strict";
import { test } from "node:test";
import { inventoryToCycloneDx } from "../../formats/cyclonedx.js";
import type { Inventory } from "../../model/inventory.js";
import { decodeInventoryCycloneDx, encodeInventoryCycloneDx } from "./inventory-cyclonedx.js";

// Moved from resources/inventory-codec.test.ts: stored documents before migration 0011 were CycloneDX,
// and 0011 reads them with this decoder.
test("stored inventory: a document stored before the inventory properties still decodes", () => {
  const old = inventoryToCycloneDx({
    target: { kind: "directory", ref: "app" },
    packages: [],
    runtimes: [],
    problems: [],
    createdAt: "2026-11-20T00:00:00.000Z",
  });
  assert.deepEqual(decodeInventoryCycloneDx(old, "stored").target, { kind: "sbom", ref: "app" });
});

test("Vigil's CycloneDX (GET /v1/resources/{id}/inventory): target, OS, kernel, listeners, runtimes and package metadata come back", () => {
  const inv: Inventory = {
    target: { kind: "host", ref: "web-1" },
    os: { id: "debian", versionId: "12", versionCodename: "bookworm", ecosystem: "Debian:12" },
    kernel: "6.1.0-18-amd64",
    listeners: [{ protocol: "tcp", address: "0.0.0.0", port: 22, process: "sshd" }],
    packages: [
      {
        name: "libssl3",
        version: "3.0.11-1~deb12u2",
        ecosystem: "Debian:12",
        purl: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12",
        source: { name: "openssl", version: "3.0.11-1~deb12u2" },
        locations: ["var/lib/dpkg/status"],
        foundBy: "dpkg",
        metadata: { architecture: "amd64" },
      },
    ],
    runtimes: [{ product: "nodejs", version: "20.11.1", location: "usr/local/bin/node" }],
    problems: [],
    createdAt: "2026-11-20T00:00:00.000Z",
  };
  const back = decodeInventoryCycloneDx(encodeInventoryCycloneDx(inv), "cdx");
  assert.deepEqual(back.target, inv.target);
  assert.deepEqual(back.os, inv.os);
  assert.equal(back.kernel, inv.kernel);
  assert.deepEqual(back.listeners, inv.listeners);
  assert.deepEqual(back.runtimes, inv.runtimes);
  assert.deepEqual(back.packages, inv.packages);
});
