import { createHash, randomUUID } from "node:crypto";
import type { Inventory } from "../model/inventory.js";
import { VERSION } from "../version.js";
import { type BomOptions, bomRefs, sortedPackages } from "./cyclonedx.js";

/** An SPDX 2.3 JSON document (the parts Vigil writes). */
export interface SpdxDocument {
  spdxVersion: "SPDX-2.3";
  dataLicense: "CC0-1.0";
  SPDXID: "SPDXRef-DOCUMENT";
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: "NOASSERTION";
  filesAnalyzed: false;
  licenseConcluded: "NOASSERTION";
  licenseDeclared: string;
  copyrightText: "NOASSERTION";
  primaryPackagePurpose?: "LIBRARY" | "OPERATING-SYSTEM" | "APPLICATION" | "CONTAINER" | "FILE";
  sourceInfo?: string;
  externalRefs?: { referenceCategory: "PACKAGE-MANAGER"; referenceType: "purl"; referenceLocator: string }[];
  comment?: string;
}

/** SPDX ids allow letters, digits, "." and "-": a readable prefix plus a short hash of the unique ref. */
function spdxId(kind: string, name: string, ref: string): string {
  const readable = name.replace(/[^A-Za-z0-9.-]+/g, "-").slice(0, 60);
  const hash = createHash("sha256").update(ref).digest("hex").slice(0, 12);
  return `SPDXRef-${kind}-${readable}-${hash}`;
}

/** SPDX 2.3 wants UTC without fractional seconds. */
function spdxDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

const LICENSE_ID = /^[A-Za-z0-9.+-]+$/;

/** Declared licenses as an SPDX expression when each is a plain identifier; NOASSERTION otherwise. */
function declared(licenses: readonly string[] | undefined): string {
  if (!licenses || licenses.length === 0 || !licenses.every((l) => LICENSE_ID.test(l))) return "NOASSERTION";
  return licenses.length === 1 ? licenses[0]! : licenses.join(" AND ");
}

/** An inventory as an SPDX 2.3 JSON document: the target DESCRIBES, it CONTAINS every package. */
export function inventoryToSpdx(inv: Inventory, options: BomOptions = {}): SpdxDocument {
  const created = spdxDate(options.timestamp ?? inv.createdAt);
  const uuid = options.serialNumber?.replace(/^urn:uuid:/, "") ?? randomUUID();
  const rootId = spdxId("Target", inv.target.ref, `target:${inv.target.ref}`);
  const packages: SpdxPackage[] = [
    {
      SPDXID: rootId,
      name: inv.target.ref,
      ...(inv.target.digest ? { versionInfo: inv.target.digest } : {}),
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose:
        inv.target.kind === "directory" || inv.target.kind === "host" ? "FILE" : "CONTAINER",
    },
  ];
  const relationships: SpdxDocument["relationships"] = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: rootId },
  ];
  if (inv.os) {
    const id = spdxId("OperatingSystem", inv.os.id, `os:${inv.os.id}:${inv.os.versionId ?? ""}`);
    packages.push({
      SPDXID: id,
      name: inv.os.id,
      ...(inv.os.versionId ? { versionInfo: inv.os.versionId } : {}),
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: "OPERATING-SYSTEM",
    });
    relationships.push({ spdxElementId: rootId, relationshipType: "CONTAINS", relatedSpdxElement: id });
  }
  const sorted = sortedPackages(inv.packages);
  const refs = bomRefs(sorted);
  sorted.forEach((p, i) => {
    const id = spdxId("Package", `${p.name}-${p.version}`, refs[i]!);
    const comment = [
      `ecosystem: ${p.ecosystem}`,
      `found by: ${p.foundBy}`,
      `locations: ${p.locations.join(", ")}`,
    ];
    if (p.layer) comment.push(`layer: ${p.layer}`);
    if (p.dev) comment.push("development dependency");
    packages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: declared(p.licenses),
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: "LIBRARY",
      ...(p.source ? { sourceInfo: `built from source package ${p.source.name} ${p.source.version}` } : {}),
      externalRefs: [
        { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl },
      ],
      comment: comment.join("; "),
    });
    relationships.push({
      spdxElementId: rootId,
      relationshipType: p.dev ? "DEV_DEPENDENCY_OF" : "CONTAINS",
      relatedSpdxElement: id,
    });
  });
  for (const r of inv.runtimes) {
    const id = spdxId(
      "Runtime",
      `${r.product}-${r.version}`,
      `runtime:${r.product}:${r.version}:${r.location}`,
    );
    packages.push({
      SPDXID: id,
      name: r.product,
      versionInfo: r.version,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: "APPLICATION",
      comment: `runtime found at ${r.location}`,
    });
    relationships.push({ spdxElementId: rootId, relationshipType: "CONTAINS", relatedSpdxElement: id });
  }
  // DEV_DEPENDENCY_OF reads "element is a dev dependency of related": flip those to point at the target.
  for (const rel of relationships) {
    if (rel.relationshipType === "DEV_DEPENDENCY_OF") {
      rel.spdxElementId = rel.relatedSpdxElement;
      rel.relatedSpdxElement = rootId;
    }
  }
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: inv.target.ref,
    documentNamespace: `https://vigil.invalid/spdx/${encodeURIComponent(inv.target.ref)}-${uuid}`,
    creationInfo: { created, creators: [`Tool: vigil-${VERSION}`] },
    packages,
    relationships,
  };
}

/** SPDX 2.3 JSON text. */
export function inventoryToSpdxJson(inv: Inventory, options: BomOptions = {}): string {
  return `${JSON.stringify(inventoryToSpdx(inv, options), null, 2)}\n`;
}
