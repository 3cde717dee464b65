import { readFile } from "node:fs/promises";
import { PackageURL } from "packageurl-js";
import { z } from "zod";
import { errorMessage, InputError } from "../errors.js";
import type { Inventory, InventoryProblem, OsRelease } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { osvEcosystem } from "../os/os-release.js";
import { parseJson } from "./image-config.js";

/** purl type -> OSV ecosystem, for the language ecosystems. */
const LANGUAGE_ECOSYSTEMS: Readonly<Record<string, string>> = {
  npm: "npm",
  pypi: "PyPI",
  maven: "Maven",
  golang: "Go",
  cargo: "crates.io",
  gem: "RubyGems",
  nuget: "NuGet",
  composer: "Packagist",
  hex: "Hex",
  pub: "Pub",
};

/** Distro purl namespaces -> os-release ID. */
const DISTRO_IDS: Readonly<Record<string, string>> = {
  debian: "debian",
  ubuntu: "ubuntu",
  alpine: "alpine",
  wolfi: "wolfi",
  chainguard: "chainguard",
  redhat: "rhel",
  rhel: "rhel",
  rocky: "rocky",
  "rocky-linux": "rocky",
  almalinux: "almalinux",
};

/**
 * A Package from a purl, with the OSV ecosystem the purl implies: the type for language packages,
 * the namespace plus the `distro` qualifier (or the SBOM's OS) for deb / apk / rpm.
 * @throws Error with a reason when the purl maps to no ecosystem
 */
export function packageFromPurl(purlText: string, os: OsRelease | undefined, foundBy: string): Package {
  const purl = PackageURL.fromString(purlText);
  if (purl.version === undefined || purl.version === "") throw new Error(`purl ${purlText} has no version`);
  let ecosystem = LANGUAGE_ECOSYSTEMS[purl.type];
  let name = purl.name;
  if (purl.namespace) {
    if (purl.type === "maven") name = `${purl.namespace}:${purl.name}`;
    else if (purl.type === "golang" || purl.type === "composer" || purl.type === "npm")
      name = `${purl.namespace}/${purl.name}`;
  }
  if (ecosystem === undefined && (purl.type === "deb" || purl.type === "apk" || purl.type === "rpm")) {
    const id = DISTRO_IDS[(purl.namespace ?? "").toLowerCase()] ?? os?.id;
    const distro = purl.qualifiers?.["distro"];
    const versionId = distro?.replace(/^[a-z-]+-(?=\d)/i, "") ?? (id === os?.id ? os?.versionId : undefined);
    if (id !== undefined) {
      ecosystem = osvEcosystem(versionId === undefined ? { id } : { id, versionId });
    }
  }
  if (ecosystem === undefined) throw new Error(`no OSV ecosystem for purl ${purlText}`);
  return { name, version: purl.version, ecosystem, purl: purlText, locations: [], foundBy };
}

const cdxLicense = z.object({
  license: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  expression: z.string().optional(),
});

type CdxComponent = {
  type?: string;
  name?: string;
  version?: string;
  purl?: string;
  licenses?: z.infer<typeof cdxLicense>[];
  components?: CdxComponent[];
};

const cdxComponent: z.ZodType<CdxComponent> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    name: z.string().optional(),
    version: z.string().optional(),
    purl: z.string().optional(),
    licenses: z.array(cdxLicense).optional(),
    components: z.array(cdxComponent).optional(),
  }),
);

const cycloneDx = z.object({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.string(),
  metadata: z.object({ component: cdxComponent.optional() }).optional(),
  components: z.array(cdxComponent).optional(),
});

const spdx = z.object({
  spdxVersion: z.string(),
  name: z.string().optional(),
  packages: z
    .array(
      z.object({
        name: z.string(),
        versionInfo: z.string().optional(),
        primaryPackagePurpose: z.string().optional(),
        licenseConcluded: z.string().optional(),
        licenseDeclared: z.string().optional(),
        externalRefs: z
          .array(
            z.object({
              referenceCategory: z.string(),
              referenceType: z.string(),
              referenceLocator: z.string(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

function flatten(components: CdxComponent[] | undefined): CdxComponent[] {
  return (components ?? []).flatMap((c) => [c, ...flatten(c.components)]);
}

function withEcosystem(os: OsRelease): OsRelease {
  const ecosystem = osvEcosystem(os);
  return ecosystem === undefined ? os : { ...os, ecosystem };
}

/** Inventory from a parsed CycloneDX 1.4-1.6 JSON document. */
export function fromCycloneDx(raw: Buffer | string, ref: string, now: Date): Inventory {
  const bom = parseJson(cycloneDx, raw, ref);
  if (!["1.4", "1.5", "1.6"].includes(bom.specVersion)) {
    throw new InputError(ref, `CycloneDX specVersion ${bom.specVersion} is not supported (1.4-1.6 are)`);
  }
  const all = flatten(bom.components);
  const osComponent = all.find((c) => c.type === "operating-system");
  const os =
    osComponent?.name === undefined
      ? undefined
      : withEcosystem({
          id: osComponent.name.toLowerCase(),
          ...(osComponent.version === undefined ? {} : { versionId: osComponent.version }),
        });
  const packages: Package[] = [];
  const problems: InventoryProblem[] = [];
  for (const c of all) {
    if (c.purl === undefined) continue;
    try {
      const pkg = packageFromPurl(c.purl, os, "sbom-cyclonedx");
      const licenses = (c.licenses ?? [])
        .map((l) => l.license?.id ?? l.license?.name ?? l.expression)
        .filter((l): l is string => l !== undefined);
      if (licenses.length > 0) pkg.licenses = licenses;
      pkg.locations = [ref];
      packages.push(pkg);
    } catch (e) {
      problems.push({
        path: ref,
        by: "sbom-cyclonedx",
        message: `component ${c.name ?? c.purl}: ${errorMessage(e)}`,
      });
    }
  }
  const inv: Inventory = {
    target: { kind: "sbom", ref },
    packages,
    runtimes: [],
    problems,
    createdAt: now.toISOString(),
  };
  if (os !== undefined) inv.os = os;
  return inv;
}

/** Inventory from a parsed SPDX 2.2 / 2.3 JSON document. */
export function fromSpdx(raw: Buffer | string, ref: string, now: Date): Inventory {
  const doc = parseJson(spdx, raw, ref);
  if (doc.spdxVersion !== "SPDX-2.2" && doc.spdxVersion !== "SPDX-2.3") {
    throw new InputError(ref, `spdxVersion ${doc.spdxVersion} is not supported (SPDX-2.2 and SPDX-2.3 are)`);
  }
  const pkgs = doc.packages ?? [];
  const osPkg = pkgs.find((p) => p.primaryPackagePurpose === "OPERATING-SYSTEM");
  const os =
    osPkg === undefined
      ? undefined
      : withEcosystem({
          id: osPkg.name.toLowerCase(),
          ...(osPkg.versionInfo === undefined ? {} : { versionId: osPkg.versionInfo }),
        });
  const packages: Package[] = [];
  const problems: InventoryProblem[] = [];
  for (const p of pkgs) {
    const purl = p.externalRefs?.find((r) => r.referenceType === "purl")?.referenceLocator;
    if (purl === undefined) continue;
    try {
      const pkg = packageFromPurl(purl, os, "sbom-spdx");
      const license = [p.licenseConcluded, p.licenseDeclared].find(
        (l) => l !== undefined && l !== "NOASSERTION" && l !== "NONE",
      );
      if (license !== undefined) pkg.licenses = [license];
      pkg.locations = [ref];
      packages.push(pkg);
    } catch (e) {
      problems.push({ path: ref, by: "sbom-spdx", message: `package ${p.name}: ${errorMessage(e)}` });
    }
  }
  const inv: Inventory = {
    target: { kind: "sbom", ref },
    packages,
    runtimes: [],
    problems,
    createdAt: now.toISOString(),
  };
  if (os !== undefined) inv.os = os;
  return inv;
}

/**
 * An SBOM file (CycloneDX 1.4-1.6 JSON or SPDX 2.2/2.3 JSON) read straight into an Inventory: no walk.
 * @throws InputError naming the file when it is neither
 */
export async function readSbom(path: string, now: Date = new Date()): Promise<Inventory> {
  const raw = await readFile(path).catch((e: unknown) => {
    throw new InputError(path, `cannot read: ${errorMessage(e)}`);
  });
  const head = raw.subarray(0, 4096).toString("utf8");
  if (head.includes('"bomFormat"')) return fromCycloneDx(raw, path, now);
  if (head.includes('"spdxVersion"')) return fromSpdx(raw, path, now);
  const text = raw.toString("utf8");
  if (text.includes('"bomFormat"')) return fromCycloneDx(text, path, now);
  if (text.includes('"spdxVersion"')) return fromSpdx(text, path, now);
  throw new InputError(path, "is JSON but neither CycloneDX (bomFormat) nor SPDX (spdxVersion)");
}
