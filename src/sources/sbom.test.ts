import assert from "node:assert/strict";
import { test } from "node:test";
import { inventory } from "../inventory/index.js";
import { tempFile } from "./test-support/archives.js";

// Package versions from the real bookworm / npm artifacts in ../shared/feeds (README section 9).
const CYCLONEDX_16 = {
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  metadata: { component: { type: "container", name: "debian-minbase", version: "bookworm" } },
  components: [
    { type: "operating-system", name: "debian", version: "12" },
    {
      type: "library",
      name: "libc6",
      version: "2.36-9+deb12u14",
      purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12",
      licenses: [{ license: { id: "LGPL-2.1-or-later" } }],
    },
    {
      type: "application",
      name: "app",
      components: [
        { type: "library", name: "lodash", version: "4.17.15", purl: "pkg:npm/lodash@4.17.15" },
        { type: "library", name: "core", version: "7.0.0", purl: "pkg:npm/%40babel/core@7.0.0" },
      ],
    },
    { type: "library", name: "weird", version: "1", purl: "pkg:swid/weird@1" },
  ],
};

const SPDX_23 = {
  spdxVersion: "SPDX-2.3",
  dataLicense: "CC0-1.0",
  SPDXID: "SPDXRef-DOCUMENT",
  name: "alpine-app",
  packages: [
    {
      SPDXID: "SPDXRef-os",
      name: "alpine",
      versionInfo: "3.20.3",
      primaryPackagePurpose: "OPERATING-SYSTEM",
    },
    {
      SPDXID: "SPDXRef-musl",
      name: "musl",
      versionInfo: "1.2.5-r0",
      licenseConcluded: "MIT",
      externalRefs: [
        {
          referenceCategory: "PACKAGE-MANAGER",
          referenceType: "purl",
          referenceLocator: "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64",
        },
      ],
    },
    {
      SPDXID: "SPDXRef-jackson",
      name: "jackson-databind",
      versionInfo: "2.9.10",
      licenseConcluded: "NOASSERTION",
      externalRefs: [
        {
          referenceCategory: "PACKAGE-MANAGER",
          referenceType: "purl",
          referenceLocator: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10",
        },
      ],
    },
  ],
};

test("CycloneDX 1.6 JSON becomes an inventory directly: OS, distro and nested language packages", async () => {
  const path = tempFile("bom.cdx.json", Buffer.from(JSON.stringify(CYCLONEDX_16)));
  const inv = await inventory(path);
  assert.equal(inv.target.kind, "sbom");
  assert.equal(inv.os?.ecosystem, "Debian:12");
  const got = inv.packages.map((p) => [p.ecosystem, p.name, p.version]);
  assert.deepEqual(got, [
    ["Debian:12", "libc6", "2.36-9+deb12u14"],
    ["npm", "lodash", "4.17.15"],
    ["npm", "@babel/core", "7.0.0"],
  ]);
  assert.deepEqual(inv.packages[0]?.licenses, ["LGPL-2.1-or-later"]);
  assert.equal(inv.problems.length, 1, "a purl type with no OSV ecosystem is reported, not dropped silently");
  assert.match(inv.problems[0]?.message ?? "", /pkg:swid\/weird@1/);
});

test("SPDX 2.3 JSON: purls from externalRefs, the OS package sets the Alpine release", async () => {
  const path = tempFile("bom.spdx.json", Buffer.from(JSON.stringify(SPDX_23)));
  const inv = await inventory(`sbom:${path}`);
  assert.equal(inv.os?.ecosystem, "Alpine:v3.20");
  assert.deepEqual(
    inv.packages.map((p) => [p.ecosystem, p.name, p.version, p.licenses]),
    [
      ["Alpine:v3.20", "musl", "1.2.5-r0", ["MIT"]],
      ["Maven", "com.fasterxml.jackson.core:jackson-databind", "2.9.10", undefined],
    ],
  );
});

test("unsupported SBOM versions are named in the error", async () => {
  const old = tempFile("old.json", Buffer.from(JSON.stringify({ ...CYCLONEDX_16, specVersion: "1.2" })));
  await assert.rejects(inventory(old), /CycloneDX specVersion 1\.2 is not supported \(1\.4-1\.6 are\)/);
  const spdx21 = tempFile(
    "old.spdx.json",
    Buffer.from(JSON.stringify({ ...SPDX_23, spdxVersion: "SPDX-2.1" })),
  );
  await assert.rejects(inventory(spdx21), /spdxVersion SPDX-2\.1 is not supported/);
});
