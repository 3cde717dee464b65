/**
 * An inventory as CycloneDX 1.6 JSON with Vigil's properties, and back: what `GET /v1/resources/{id}/inventory`
 * answers, what a submission of Vigil's own CycloneDX (`vigil sbom`) is read with, and how
 * `resource_inventories` stored inventories before migration 0011 (which reads them with this decoder).
 * Here, in the service's lowest module, so that the migration can use it.
 */
import { Models } from "@cyclonedx/cyclonedx-library";
import { z } from "zod";
import { InputError } from "../../errors.js";
import { bomJson, bomRefs, inventoryBom, PROP, sortedPackages } from "../../formats/cyclonedx.js";
import type { Inventory, OsRelease, Runtime } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { osvEcosystem } from "../../os/os-release.js";
import { packageFromPurl } from "../../sources/sbom.js";
import { inventorySchema } from "./inventory-document.js";

/**
 * What the stored CycloneDX keeps beyond Vigil's package properties (formats/cyclonedx.ts), so that an
 * SBOM export of a stored inventory says what the submitted one said: the target (its kind makes the
 * subject a container or a file; digest, platform, tags, layers), the whole OS release (codename, ID_LIKE),
 * the kernel, the listeners (as JSON in `metadata.properties`) and each package's metadata (scope,
 * optional, coordinates, replaces... as JSON in a component property).
 */
export const STORED_PROP = {
  target: "vigil:inventory:target",
  os: "vigil:inventory:os",
  kernel: "vigil:inventory:kernel",
  listeners: "vigil:inventory:listeners",
  packageMetadata: "vigil:package:metadata",
} as const;

/** An inventory as CycloneDX 1.6 JSON with Vigil's properties (see STORED_PROP). */
export function encodeInventoryCycloneDx(inv: Inventory): string {
  const bom = inventoryBom(inv, { timestamp: inv.createdAt });
  const meta = (name: string, value: unknown) =>
    bom.metadata.properties.add(new Models.Property(name, JSON.stringify(value)));
  meta(STORED_PROP.target, inv.target);
  if (inv.os !== undefined) meta(STORED_PROP.os, inv.os);
  if (inv.kernel !== undefined)
    bom.metadata.properties.add(new Models.Property(STORED_PROP.kernel, inv.kernel));
  if (inv.listeners !== undefined) meta(STORED_PROP.listeners, inv.listeners);
  const sorted = sortedPackages(inv.packages);
  const refs = bomRefs(sorted);
  const metadataOf = new Map<string, Record<string, string>>();
  sorted.forEach((p, i) => {
    if (p.metadata !== undefined && Object.keys(p.metadata).length > 0)
      metadataOf.set(refs[i] as string, p.metadata);
  });
  if (metadataOf.size > 0) {
    for (const c of bom.components) {
      const m = c.bomRef.value === undefined ? undefined : metadataOf.get(c.bomRef.value);
      if (m !== undefined)
        c.properties.add(new Models.Property(STORED_PROP.packageMetadata, JSON.stringify(m)));
    }
  }
  return bomJson(bom);
}

const storedTarget = inventorySchema.shape.target;
const storedOs = inventorySchema.shape.os.unwrap();
const storedListeners = inventorySchema.shape.listeners.unwrap();
const storedMetadata = z.record(z.string(), z.string());

/** A JSON property value parsed with its schema; undefined when absent or not what it should be. */
function jsonProperty<T>(value: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (value === undefined) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(value));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

const property = z.object({ name: z.string(), value: z.string().optional() });
const storedComponent = z.object({
  type: z.string().optional(),
  name: z.string(),
  version: z.string().optional(),
  purl: z.string().optional(),
  scope: z.string().optional(),
  "bom-ref": z.string().optional(),
  description: z.string().optional(),
  licenses: z
    .array(
      z.object({ license: z.object({ id: z.string().optional(), name: z.string().optional() }).optional() }),
    )
    .optional(),
  properties: z.array(property).optional(),
});
const storedBom = z.object({
  bomFormat: z.literal("CycloneDX"),
  metadata: z
    .object({
      timestamp: z.string().optional(),
      component: storedComponent.optional(),
      properties: z.array(property).optional(),
    })
    .optional(),
  components: z.array(storedComponent).optional(),
});

/**
 * The inventory back from Vigil's CycloneDX text, with what the properties keep (ecosystem, source
 * package, locations, layer, dev, direct, runtimes), so that re-matching sees what the first match saw.
 * @throws InputError when the document is not CycloneDX JSON
 */
export function decodeInventoryCycloneDx(text: string, what: string): Inventory {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(what, `inventory is not JSON: ${(e as Error).message}`);
  }
  const parsed = storedBom.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      what,
      `not a CycloneDX document (${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""})`,
    );
  }
  const bom = parsed.data;
  const subject = bom.metadata?.component;
  const inv: Inventory = {
    target: {
      kind: "sbom",
      ref: subject?.name ?? what,
      ...(subject?.version ? { digest: subject.version } : {}),
    },
    packages: [],
    runtimes: [],
    problems: [],
    createdAt: bom.metadata?.timestamp ?? new Date(0).toISOString(),
  };
  const osComponent = bom.components?.find((c) => c.type === "operating-system");
  if (osComponent !== undefined) {
    const os: OsRelease = { id: osComponent.name };
    if (osComponent.version !== undefined) os.versionId = osComponent.version;
    if (osComponent.description !== undefined) os.prettyName = osComponent.description;
    const ecosystem = osvEcosystem(os);
    if (ecosystem !== undefined) os.ecosystem = ecosystem;
    inv.os = os;
  }
  // What Vigil's own stored documents keep besides (documents stored before have none of it).
  const metaProps = bom.metadata?.properties ?? [];
  const metaProp = (name: string) => metaProps.find((p) => p.name === name)?.value;
  const target = jsonProperty(metaProp(STORED_PROP.target), storedTarget);
  if (target !== undefined) inv.target = target;
  const os = jsonProperty(metaProp(STORED_PROP.os), storedOs);
  if (os !== undefined) inv.os = os;
  const kernel = metaProp(STORED_PROP.kernel);
  if (kernel !== undefined) inv.kernel = kernel;
  const listeners = jsonProperty(metaProp(STORED_PROP.listeners), storedListeners);
  if (listeners !== undefined) inv.listeners = listeners;
  for (const c of bom.components ?? []) {
    const props = c.properties ?? [];
    const one = (name: string) => props.find((p) => p.name === name)?.value;
    const runtime = one(PROP.runtime);
    if (runtime !== undefined) {
      const r: Runtime = { product: runtime, version: c.version ?? "", location: one(PROP.location) ?? "" };
      const layer = one(PROP.layer);
      if (layer !== undefined) r.layer = layer;
      inv.runtimes.push(r);
      continue;
    }
    if (c.purl === undefined) continue;
    const ecosystem = one(PROP.ecosystem);
    let pkg: Package;
    if (ecosystem !== undefined && c.version !== undefined) {
      pkg = {
        name: c.name,
        version: c.version,
        ecosystem,
        purl: c.purl,
        locations: [],
        foundBy: one(PROP.foundBy) ?? "sbom",
      };
    } else {
      try {
        pkg = packageFromPurl(c.purl, inv.os, "sbom-cyclonedx");
      } catch {
        continue;
      }
    }
    pkg.locations = props
      .filter((p) => p.name === PROP.location && p.value !== undefined)
      .map((p) => p.value as string);
    const layer = one(PROP.layer);
    if (layer !== undefined) pkg.layer = layer;
    if (one(PROP.dev) === "true") pkg.dev = true;
    const direct = one(PROP.direct);
    if (direct !== undefined) pkg.direct = direct === "true";
    const sourceName = one(PROP.sourceName);
    const sourceVersion = one(PROP.sourceVersion);
    if (sourceName !== undefined && sourceVersion !== undefined)
      pkg.source = { name: sourceName, version: sourceVersion };
    const licenses = (c.licenses ?? [])
      .map((l) => l.license?.id ?? l.license?.name)
      .filter((l): l is string => l !== undefined);
    if (licenses.length > 0) pkg.licenses = licenses;
    const metadata = jsonProperty(one(STORED_PROP.packageMetadata), storedMetadata);
    if (metadata !== undefined) pkg.metadata = metadata;
    inv.packages.push(pkg);
  }
  return inv;
}
