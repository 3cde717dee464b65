import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Ajv2019 from "ajv/dist/2019.js";
import type { Inventory } from "../model/inventory.js";
import { inventoryToSpdx, inventoryToSpdxJson } from "./spdx.js";

/**
 * The rules of the official SPDX 2.3 JSON schema (spdx/spdx-spec schemas/spdx-schema.json) that apply
 * to what Vigil writes: required fields, the SPDXID and date patterns, enums, and no unknown properties.
 * Written from the schema (which could not be vendored here), to fail when the output drifts from it.
 */
const DATE =
  "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|23:59:60)Z$";
const spdx23 = {
  type: "object",
  required: ["SPDXID", "creationInfo", "dataLicense", "name", "spdxVersion"],
  additionalProperties: false,
  properties: {
    SPDXID: { type: "string" },
    spdxVersion: { const: "SPDX-2.3" },
    dataLicense: { const: "CC0-1.0" },
    name: { type: "string" },
    documentNamespace: { type: "string", format: "uri" },
    creationInfo: {
      type: "object",
      required: ["created", "creators"],
      additionalProperties: false,
      properties: {
        created: { type: "string", pattern: DATE },
        creators: {
          type: "array",
          minItems: 1,
          items: { type: "string", pattern: "^(Tool|Organization|Person): .+" },
        },
      },
    },
    packages: {
      type: "array",
      items: {
        type: "object",
        required: ["SPDXID", "downloadLocation", "name"],
        additionalProperties: false,
        properties: {
          SPDXID: { type: "string", pattern: "^SPDXRef-[a-zA-Z0-9.-]+$" },
          name: { type: "string" },
          versionInfo: { type: "string" },
          downloadLocation: { type: "string" },
          filesAnalyzed: { type: "boolean" },
          licenseConcluded: { type: "string" },
          licenseDeclared: { type: "string" },
          copyrightText: { type: "string" },
          sourceInfo: { type: "string" },
          comment: { type: "string" },
          primaryPackagePurpose: {
            enum: [
              "OTHER",
              "INSTALL",
              "ARCHIVE",
              "FIRMWARE",
              "APPLICATION",
              "FRAMEWORK",
              "LIBRARY",
              "CONTAINER",
              "SOURCE",
              "DEVICE",
              "OPERATING-SYSTEM",
              "FILE",
            ],
          },
          externalRefs: {
            type: "array",
            items: {
              type: "object",
              required: ["referenceCategory", "referenceLocator", "referenceType"],
              additionalProperties: false,
              properties: {
                referenceCategory: {
                  enum: [
                    "OTHER",
                    "PERSISTENT-ID",
                    "PERSISTENT_ID",
                    "SECURITY",
                    "PACKAGE-MANAGER",
                    "PACKAGE_MANAGER",
                  ],
                },
                referenceLocator: { type: "string", pattern: "^\\S+$" },
                referenceType: { type: "string" },
              },
            },
          },
        },
      },
    },
    relationships: {
      type: "array",
      items: {
        type: "object",
        required: ["spdxElementId", "relationshipType", "relatedSpdxElement"],
        additionalProperties: false,
        properties: {
          spdxElementId: { type: "string" },
          relatedSpdxElement: { type: "string" },
          relationshipType: { enum: ["DESCRIBES", "CONTAINS", "DEV_DEPENDENCY_OF", "DEPENDS_ON"] },
        },
      },
    },
  },
};

const inv: Inventory = {
  target: { kind: "docker-archive", ref: "debian:bookworm (minbase)" },
  os: { id: "debian", versionId: "12", ecosystem: "Debian:12" },
  packages: [
    {
      name: "libc6",
      version: "2.36-9+deb12u14",
      ecosystem: "Debian:12",
      purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12",
      source: { name: "glibc", version: "2.36-9+deb12u14" },
      locations: ["var/lib/dpkg/status"],
      foundBy: "dpkg",
      licenses: ["LGPL-2.1-or-later"],
    },
    {
      name: "@babel/core",
      version: "7.0.0",
      ecosystem: "npm",
      purl: "pkg:npm/%40babel/core@7.0.0",
      locations: ["package-lock.json"],
      foundBy: "npm-lock",
      dev: true,
      licenses: ["MIT", "see LICENSE file"],
    },
  ],
  runtimes: [{ product: "nodejs", version: "20.20.2", location: "usr/bin/node" }],
  problems: [],
  createdAt: "2026-11-26T10:11:12.345Z",
};

describe("SPDX 2.3 JSON", () => {
  test("follows the SPDX 2.3 schema's rules for every element written", () => {
    const ajv = new Ajv2019.default({ allErrors: true, strict: false, validateFormats: false });
    const valid = ajv.validate(spdx23, JSON.parse(inventoryToSpdxJson(inv)));
    assert.ok(valid, JSON.stringify(ajv.errors, null, 2));
  });

  test("has unique SPDX ids and one CONTAINS or DEV_DEPENDENCY_OF per package", () => {
    const doc = inventoryToSpdx(inv);
    const ids = doc.packages.map((p) => p.SPDXID);
    assert.equal(new Set(ids).size, ids.length);
    const babel = doc.packages.find((p) => p.name === "@babel/core")!;
    assert.ok(
      doc.relationships.some(
        (r) => r.relationshipType === "DEV_DEPENDENCY_OF" && r.spdxElementId === babel.SPDXID,
      ),
    );
    assert.equal(babel.licenseDeclared, "NOASSERTION", "a free-text license is not an SPDX expression");
    assert.equal(doc.packages.find((p) => p.name === "libc6")!.licenseDeclared, "LGPL-2.1-or-later");
  });

  test("dates drop fractional seconds as the schema's pattern requires", () => {
    assert.equal(inventoryToSpdx(inv).creationInfo.created, "2026-11-26T10:11:12Z");
  });

  test("is deterministic for a given namespace uuid", () => {
    const o = { serialNumber: "urn:uuid:11111111-1111-4111-8111-111111111111" };
    assert.equal(
      inventoryToSpdxJson(inv, o),
      inventoryToSpdxJson({ ...inv, packages: [...inv.packages].reverse() }, o),
    );
  });
});
