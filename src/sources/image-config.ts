import { z } from "zod";
import { InputError } from "../errors.js";
import type { Layer } from "../model/inventory.js";

/** Deepest JSON nesting parseJson accepts by default: far beyond any manifest, config or SBOM. */
export const MAX_JSON_DEPTH = 256;

/** Whether a parsed JSON value nests arrays and objects deeper than `max` (walked without recursion). */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Parses JSON from an image archive, a registry or an SBOM into a typed value, or throws an InputError
 * naming it. Nesting deeper than `maxDepth` is refused before the schema sees it: a recursive schema
 * (CycloneDX components) would otherwise exhaust the stack on a 1,000-deep document.
 */
export function parseJson<T>(
  schema: z.ZodType<T>,
  bytes: Buffer | string,
  what: string,
  maxDepth = MAX_JSON_DEPTH,
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
  } catch (e) {
    throw new InputError(what, `not valid JSON: ${(e as Error).message}`);
  }
  if (jsonDeeperThan(raw, maxDepth)) {
    throw new InputError(what, `JSON nested deeper than ${maxDepth} levels; refusing to read it`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue === undefined ? "" : `${issue.path.join(".") || "(root)"}: ${issue.message}`;
    throw new InputError(what, `unexpected shape (${at})`);
  }
  return r.data;
}

const digest = z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, "not a digest");

const platformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
});

const descriptorSchema = z.object({
  mediaType: z.string().optional(),
  digest,
  size: z.number().optional(),
  platform: platformSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type Descriptor = z.infer<typeof descriptorSchema>;

/** `docker save`'s legacy manifest.json. */
export const dockerManifestSchema = z
  .array(
    z.object({
      Config: z.string(),
      RepoTags: z.array(z.string()).nullish(),
      Layers: z.array(z.string()),
    }),
  )
  .min(1);

/** An OCI image index or a Docker manifest list. */
export const indexSchema = z.object({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
});
export type ImageIndex = z.infer<typeof indexSchema>;

/** An OCI image manifest or a Docker v2 schema 2 manifest. */
export const manifestSchema = z.object({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
});
export type ImageManifest = z.infer<typeof manifestSchema>;

/** The parts of an image config this scanner uses. */
export const configSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  rootfs: z.object({ diff_ids: z.array(digest) }),
  history: z
    .array(z.object({ created_by: z.string().optional(), empty_layer: z.boolean().optional() }))
    .optional(),
});
export type ImageConfig = z.infer<typeof configSchema>;

/** Media types that are an index (manifest list) rather than an image manifest. */
const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);

/** True when a manifest document (or a descriptor to one) is an index / manifest list. */
export function isIndex(mediaType: string | undefined, doc?: unknown): boolean {
  if (mediaType !== undefined && INDEX_TYPES.has(mediaType)) return true;
  return typeof doc === "object" && doc !== null && "manifests" in doc && !("layers" in doc);
}

/** Parses "linux/amd64" or "linux/arm64/v8". */
export function parsePlatform(platform: string): { os: string; architecture: string; variant?: string } {
  const [os, architecture, variant] = platform.split("/");
  if (os === undefined || architecture === undefined || os === "" || architecture === "") {
    throw new InputError(
      "--platform",
      `${JSON.stringify(platform)} is not os/arch[/variant], e.g. linux/amd64`,
    );
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/**
 * The index entry for `platform`. Attestation manifests (platform unknown/unknown) are never chosen; a
 * missing variant matches any variant.
 * @throws InputError listing the platforms the index has
 */
export function choosePlatform(index: ImageIndex, platform: string, what: string): Descriptor {
  const want = parsePlatform(platform);
  const images = index.manifests.filter((m) => m.platform?.os !== "unknown");
  const exact = images.find(
    (m) =>
      m.platform?.os === want.os &&
      m.platform.architecture === want.architecture &&
      (want.variant === undefined || m.platform.variant === want.variant),
  );
  if (exact !== undefined) return exact;
  const only = images.length === 1 ? images[0] : undefined;
  if (only !== undefined && only.platform === undefined) return only;
  const have = images
    .map((m) =>
      m.platform === undefined
        ? "(no platform)"
        : [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join("/"),
    )
    .join(", ");
  throw new InputError(
    what,
    `no image for platform ${platform} (the index has: ${have || "nothing"}); pass --platform`,
  );
}

/** "os/arch[/variant]" of a config. */
export function configPlatform(config: ImageConfig): string | undefined {
  if (config.os === undefined || config.architecture === undefined) return undefined;
  return [config.os, config.architecture, config.variant]
    .filter((x) => x !== undefined && x !== "")
    .join("/");
}

/**
 * The layers of an image bottom to top: diff ids from the config (falling back to `blobDigests`), the
 * history line that made each, and the blob size when known.
 */
export function describeLayers(
  config: ImageConfig | undefined,
  blobDigests: string[],
  blobSizes?: (number | undefined)[],
): Layer[] {
  const history = (config?.history ?? []).filter((h) => h.empty_layer !== true);
  return blobDigests.map((blob, i) => {
    const layer: Layer = { digest: config?.rootfs.diff_ids[i] ?? blob };
    const createdBy = history[i]?.created_by;
    if (createdBy !== undefined) layer.createdBy = createdBy;
    const size = blobSizes?.[i];
    if (size !== undefined) layer.size = size;
    return layer;
  });
}
