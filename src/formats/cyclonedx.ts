import { randomUUID } from "node:crypto";
import { Enums, Models, Serialize, Spec } from "@cyclonedx/cyclonedx-library";
import type { Finding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { VERSION } from "../version.js";

/** Options that make the output reproducible in tests: everything else is a pure function of the inventory. */
export interface BomOptions {
  /** ISO time for metadata.timestamp (default: now). */
  timestamp?: string;
  /** urn:uuid serial number (default: random). */
  serialNumber?: string;
}

/** Property names Vigil adds to components, in the `vigil:` namespace (CycloneDX property taxonomy style). */
export const PROP = {
  ecosystem: "vigil:package:ecosystem",
  foundBy: "vigil:package:foundBy",
  location: "vigil:package:location",
  layer: "vigil:package:layer",
  dev: "vigil:package:dev",
  direct: "vigil:package:direct",
  sourceName: "vigil:package:sourceName",
  sourceVersion: "vigil:package:sourceVersion",
  runtime: "vigil:runtime:product",
} as const;

/** Unique, stable bom-refs: the purl, with a counter for the rare package found twice under one purl. */
export function bomRefs(packages: readonly Package[]): string[] {
  const seen = new Map<string, number>();
  return packages.map((p) => {
    const n = seen.get(p.purl) ?? 0;
    seen.set(p.purl, n + 1);
    return n === 0 ? p.purl : `${p.purl}#${n}`;
  });
}

/** Packages in a stable order (purl, then first location), so that the same inventory gives the same bytes. */
export function sortedPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort(
    (a, b) =>
      cmp(a.purl, b.purl) || cmp(a.locations[0] ?? "", b.locations[0] ?? "") || cmp(a.foundBy, b.foundBy),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the CycloneDX model of an inventory (components only); `bomJson` serialises it. */
export function inventoryBom(inv: Inventory, options: BomOptions = {}): Models.Bom {
  const bom = new Models.Bom();
  bom.serialNumber = options.serialNumber ?? `urn:uuid:${randomUUID()}`;
  bom.metadata.timestamp = new Date(options.timestamp ?? inv.createdAt);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, "vigil", { version: VERSION, group: "vigil" }),
  );
  const targetType =
    inv.target.kind === "directory" || inv.target.kind === "host"
      ? Enums.ComponentType.File
      : inv.target.kind === "zip" || inv.target.kind === "sbom"
        ? Enums.ComponentType.Application
        : Enums.ComponentType.Container;
  const subject = new Models.Component(targetType, inv.target.ref, {
    bomRef: "vigil:target",
    ...(inv.target.digest ? { version: inv.target.digest } : {}),
  });
  bom.metadata.component = subject;

  if (inv.os) {
    const os = new Models.Component(Enums.ComponentType.OperatingSystem, inv.os.id, {
      bomRef: "vigil:os",
      ...(inv.os.versionId ? { version: inv.os.versionId } : {}),
      ...(inv.os.prettyName ? { description: inv.os.prettyName } : {}),
    });
    bom.components.add(os);
  }

  const packages = sortedPackages(inv.packages);
  const refs = bomRefs(packages);
  packages.forEach((p, i) => {
    const c = new Models.Component(Enums.ComponentType.Library, p.name, {
      bomRef: refs[i]!,
      version: p.version,
      purl: p.purl,
      ...(p.dev ? { scope: Enums.ComponentScope.Optional } : {}),
    });
    const prop = (name: string, value: string) => c.properties.add(new Models.Property(name, value));
    prop(PROP.ecosystem, p.ecosystem);
    prop(PROP.foundBy, p.foundBy);
    for (const loc of p.locations) prop(PROP.location, loc);
    if (p.layer) prop(PROP.layer, p.layer);
    if (p.dev) prop(PROP.dev, "true");
    if (p.direct !== undefined) prop(PROP.direct, String(p.direct));
    if (p.source) {
      prop(PROP.sourceName, p.source.name);
      prop(PROP.sourceVersion, p.source.version);
    }
    for (const l of p.licenses ?? []) c.licenses.add(new Models.NamedLicense(l));
    bom.components.add(c);
  });

  for (const r of [...inv.runtimes].sort(
    (a, b) => cmp(a.product, b.product) || cmp(a.location, b.location),
  )) {
    const c = new Models.Component(Enums.ComponentType.Application, r.product, {
      bomRef: `vigil:runtime:${r.product}@${r.version}:${r.location}`,
      version: r.version,
    });
    c.properties.add(new Models.Property(PROP.runtime, r.product));
    c.properties.add(new Models.Property(PROP.location, r.location));
    if (r.layer) c.properties.add(new Models.Property(PROP.layer, r.layer));
    bom.components.add(c);
  }
  return bom;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

/** Serialises a BOM as CycloneDX 1.6 JSON, lists sorted, two-space indented. */
export function bomJson(bom: Models.Bom): string {
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

/** An inventory as CycloneDX 1.6 JSON. */
export function inventoryToCycloneDx(inv: Inventory, options: BomOptions = {}): string {
  return bomJson(inventoryBom(inv, options));
}

const RATING_METHOD: Record<string, Enums.Vulnerability.RatingMethod> = {
  "2.0": Enums.Vulnerability.RatingMethod.CVSSv2,
  "3.0": Enums.Vulnerability.RatingMethod.CVSSv3,
  "3.1": Enums.Vulnerability.RatingMethod.CVSSv31,
  "4.0": Enums.Vulnerability.RatingMethod.CVSSv4,
};

function cdxSeverity(s: string): Enums.Vulnerability.Severity {
  switch (s) {
    case "CRITICAL":
      return Enums.Vulnerability.Severity.Critical;
    case "HIGH":
      return Enums.Vulnerability.Severity.High;
    case "MEDIUM":
      return Enums.Vulnerability.Severity.Medium;
    case "LOW":
      return Enums.Vulnerability.Severity.Low;
    case "INFORMATIONAL":
      return Enums.Vulnerability.Severity.Info;
    default:
      return Enums.Vulnerability.Severity.Unknown;
  }
}

/** A scan report as CycloneDX 1.6 JSON: the inventory's components plus a vulnerabilities section. */
export function reportToCycloneDx(
  report: { inventory: Inventory; findings: readonly Finding[] },
  options: BomOptions = {},
): string {
  const bom = inventoryBom(report.inventory, options);
  const sorted = sortedPackages(report.inventory.packages);
  const refs = bomRefs(sorted);
  const refOf = new Map<Package, string>(sorted.map((p, i) => [p, refs[i]!]));
  for (const f of report.findings) {
    const v = new Models.Vulnerability.Vulnerability({
      bomRef: `vigil:finding:${f.id}`,
      id: f.vulnerabilityId,
      description: f.title,
      ...(f.description ? { detail: f.description } : {}),
      recommendation: f.remediation,
    });
    for (const a of f.aliases) {
      v.references.add(new Models.Vulnerability.Reference(a, new Models.Vulnerability.Source({})));
    }
    for (const m of f.cvss) {
      v.ratings.add(
        new Models.Vulnerability.Rating({
          score: m.baseScore,
          severity: cdxSeverity(f.severity),
          method: RATING_METHOD[m.version]!,
          vector: m.vector,
          source: new Models.Vulnerability.Source({ name: m.source }),
        }),
      );
    }
    v.ratings.add(
      new Models.Vulnerability.Rating({
        score: f.risk.score,
        severity: cdxSeverity(f.risk.severity),
        method: Enums.Vulnerability.RatingMethod.Other,
        justification: f.risk.breakdown.map((b) => b.description).join("; "),
        source: new Models.Vulnerability.Source({ name: "vigil-risk" }),
      }),
    );
    for (const r of f.references.slice(0, 20)) {
      try {
        v.advisories.add(new Models.Vulnerability.Advisory(new URL(r.url)));
      } catch {
        // A reference that is not a URL is not an advisory link.
      }
    }
    const ref = f.package ? refOf.get(f.package) : undefined;
    v.affects.add(new Models.Vulnerability.Affect(new Models.BomRef(ref ?? "vigil:target")));
    if (f.kev) v.properties.add(new Models.Property("vigil:kev:dateAdded", f.kev.dateAdded));
    if (f.epss) v.properties.add(new Models.Property("vigil:epss:score", String(f.epss.score)));
    bom.vulnerabilities.add(v);
  }
  return bomJson(bom);
}
