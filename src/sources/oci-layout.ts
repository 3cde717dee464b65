import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage, InputError } from "../errors.js";
import type { Target } from "../model/inventory.js";
import { checkDigest, physicalFile } from "./decompress.js";
import {
  choosePlatform,
  configPlatform,
  configSchema,
  describeLayers,
  indexSchema,
  isIndex,
  manifestSchema,
  parseJson,
} from "./image-config.js";
import { LimitGuard, resolveLimits } from "./limits.js";
import { walkLayerBlob } from "./tar-layer.js";
import type { Source, SourceOptions, TreeVisitor, WalkResult } from "./types.js";

/** Splits "dir:tag" (an OCI layout reference as umoci and skopeo write it) into the directory and the tag. */
export function splitLayoutRef(ref: string): { dir: string; tag?: string } {
  const i = ref.lastIndexOf(":");
  if (i > 0 && !ref.slice(i + 1).includes("/")) return { dir: ref.slice(0, i), tag: ref.slice(i + 1) };
  return { dir: ref };
}

/**
 * An OCI image layout directory (index.json, blobs/sha256/...), as umoci, skopeo and buildkit write it.
 * Metadata is read first, then each layer blob is streamed once, bottom to top, its digest verified.
 * A reference "dir:tag" picks the manifest whose org.opencontainers.image.ref.name is tag.
 */
export class OciLayoutSource implements Source {
  readonly kind = "oci-layout";
  readonly ref: string;
  readonly #dir: string;
  readonly #tag: string | undefined;
  readonly #options: SourceOptions;

  constructor(dir: string, tag: string | undefined, options: SourceOptions = {}) {
    this.ref = tag === undefined ? dir : `${dir}:${tag}`;
    this.#dir = dir;
    this.#tag = tag;
    this.#options = options;
  }

  async #blob(digest: string, max: number): Promise<Buffer> {
    const path = join(this.#dir, "blobs", ...digest.split(":"));
    const size = await stat(path).then(
      (s) => s.size,
      () => {
        throw new InputError(this.ref, `blob ${digest} is missing from blobs/; the layout is incomplete`);
      },
    );
    if (size > max)
      throw new InputError(`${this.ref}:${digest}`, `metadata blob of ${size} bytes is over ${max}`);
    const bytes = await readFile(path);
    checkDigest(bytes, digest, `${this.ref}:blobs/${digest.replace(":", "/")}`);
    return bytes;
  }

  async walk(visit: TreeVisitor): Promise<WalkResult> {
    const limits = resolveLimits(this.#options.limits);
    const guard = new LimitGuard(limits);
    const platform = this.#options.platform ?? "linux/amd64";
    let indexBytes: Buffer;
    try {
      indexBytes = await readFile(join(this.#dir, "index.json"));
    } catch (e) {
      throw new InputError(this.ref, `not an OCI image layout (no readable index.json): ${errorMessage(e)}`);
    }
    let index = parseJson(indexSchema, indexBytes, `${this.ref}:index.json`);
    const target: Target = { kind: "oci-layout", ref: this.ref };
    if (this.#tag !== undefined) {
      const tagged = index.manifests.filter(
        (m) => m.annotations?.["org.opencontainers.image.ref.name"] === this.#tag,
      );
      if (tagged.length === 0) {
        throw new InputError(this.ref, `index.json has no manifest tagged ${JSON.stringify(this.#tag)}`);
      }
      index = { ...index, manifests: tagged };
      target.tags = [this.#tag];
    }
    let descriptor =
      index.manifests.length === 1 && index.manifests[0]!.platform === undefined
        ? index.manifests[0]!
        : choosePlatform(index, platform, `${this.ref}:index.json`);
    let bytes = await this.#blob(descriptor.digest, limits.maxMetadataBytes);
    for (let depth = 0; isIndex(descriptor.mediaType, JSON.parse(bytes.toString("utf8"))); depth++) {
      if (depth > 4) throw new InputError(this.ref, "image indexes nest deeper than 4 levels");
      const nested = parseJson(indexSchema, bytes, `${this.ref}:${descriptor.digest}`);
      descriptor = choosePlatform(nested, platform, `${this.ref}:${descriptor.digest}`);
      bytes = await this.#blob(descriptor.digest, limits.maxMetadataBytes);
    }
    const manifest = parseJson(manifestSchema, bytes, `${this.ref}:${descriptor.digest}`);
    const config = parseJson(
      configSchema,
      await this.#blob(manifest.config.digest, limits.maxMetadataBytes),
      `${this.ref}:${manifest.config.digest}`,
    );
    target.digest = descriptor.digest;
    const layers = describeLayers(
      config,
      manifest.layers.map((l) => l.digest),
      manifest.layers.map((l) => l.size),
    );
    for (const [i, l] of manifest.layers.entries()) {
      const path = join(this.#dir, "blobs", ...l.digest.split(":"));
      await stat(path).catch(() => {
        throw new InputError(this.ref, `the manifest lists layer ${l.digest}, but blobs/ has no such file`);
      });
      const what = `${this.ref}:blobs/${l.digest.replace(":", "/")}`;
      const diffId = await walkLayerBlob(physicalFile(path, guard), what, l.digest, guard, visit(l.digest));
      const want = config.rootfs.diff_ids[i];
      if (want !== undefined && want !== diffId) {
        throw new InputError(
          what,
          `diff id mismatch: the config says ${want}, the layer hashes to ${diffId}`,
        );
      }
    }
    target.layers = layers;
    const plat = configPlatform(config);
    if (plat !== undefined) target.platform = plat;
    return { target, layers: manifest.layers.map((l, i) => ({ key: l.digest, layer: layers[i]! })) };
  }
}
