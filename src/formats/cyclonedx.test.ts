import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import type { Inventory } from "../model/inventory.js";
import { inventoryToCycloneDx } from "./cyclonedx.js";

const inv: Inventory = {
  target: { kind: "docker-archive", ref: "debian-bookworm-minbase.tar.gz", digest: "sha256:abc" },
  os: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", ecosystem: "Debian:12" },
  packages: [
    {
      name: "libc6",
      version: "2.36-9+deb12u14",
      ecosystem: "Debian:12",
      purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12",
      source: { name: "glibc", version: "2.36-9+deb12u14" },
      locations: ["var/lib/dpkg/status"],
      layer: "sha256:layer1",
      foundBy: "dpkg",
      licenses: ["LGPL-2.1"],
    },
    {
      name: "lodash",
      version: "4.17.15",
      ecosystem: "npm",
      purl: "pkg:npm/lodash@4.17.15",
      locations: ["app/package-lock.json"],
      foundBy: "npm-lock",
      dev: true,
    },
    {
      name: "lodash",
      version: "4.17.15",
      ecosystem: "npm",
      purl: "pkg:npm/lodash@4.17.15",
      locations: ["other/package-lock.json"],
      foundBy: "npm-lock",
    },
  ],
  runtimes: [{ product: "nodejs", version: "20.20.2", location: "usr/bin/node" }],
  problems: [],
  createdAt: "2026-11-26T00:00:00.000Z",
};

describe("CycloneDX 1.6 JSON", () => {
  test("is valid against the official CycloneDX 1.6 JSON schema (strict)", async () => {
    const json = inventoryToCycloneDx(inv);
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    assert.equal(await validator.validate(json), null);
  });

  test("is deterministic apart from the serial number and timestamp", () => {
    const a = inventoryToCycloneDx(inv, { serialNumber: "urn:uuid:00000000-0000-4000-8000-000000000000" });
    const shuffled = { ...inv, packages: [...inv.packages].reverse() };
    const b = inventoryToCycloneDx(shuffled, {
      serialNumber: "urn:uuid:00000000-0000-4000-8000-000000000000",
    });
    assert.equal(a, b);
  });

  test("lists every package with its purl, unique bom-refs, the OS and runtimes", () => {
    const bom = JSON.parse(inventoryToCycloneDx(inv)) as {
      specVersion: string;
      components: { "bom-ref": string; name: string; purl?: string; type: string; scope?: string }[];
    };
    assert.equal(bom.specVersion, "1.6");
    const refs = bom.components.map((c) => c["bom-ref"]);
    assert.equal(new Set(refs).size, refs.length);
    assert.equal(bom.components.filter((c) => c.name === "lodash").length, 2);
    assert.ok(bom.components.some((c) => c.type === "operating-system" && c.name === "debian"));
    assert.ok(bom.components.some((c) => c.name === "nodejs" && c.type === "application"));
    assert.equal(
      bom.components.find((c) => c.purl === "pkg:npm/lodash@4.17.15" && c.scope)?.scope,
      "optional",
    );
  });
});
