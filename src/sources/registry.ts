import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { InputError } from "../errors.js";
import type { Target } from "../model/inventory.js";
import { checkDigest, tap } from "./decompress.js";
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
import { formatImageRef, type ImageRef, parseImageRef } from "./image-ref.js";
import { LimitGuard, resolveLimits } from "./limits.js";
import { readAll } from "./read-all.js";
import { RegistryClient } from "./registry-client.js";
import { walkLayerBlob } from "./tar-layer.js";
import type { Source, SourceOptions, TreeVisitor, WalkResult } from "./types.js";

const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/**
 * An image in an OCI Distribution v2 registry. Manifest, index and config are fetched and verified
 * against their digests; then each layer blob is streamed once (gzip, zstd or uncompressed), its digest
 * checked as it flows, straight into the tar walk: nothing of the image is written to disk.
 */
export class RegistrySource implements Source {
  readonly kind = "registry";
  readonly ref: string;
  readonly #image: ImageRef;
  readonly #options: SourceOptions;

  constructor(ref: string, options: SourceOptions = {}) {
    this.ref = ref;
    this.#image = parseImageRef(ref);
    this.#options = options;
  }

  async walk(visit: TreeVisitor): Promise<WalkResult> {
    const limits = resolveLimits(this.#options.limits);
    const guard = new LimitGuard(limits);
    const image = this.#image;
    const client = new RegistryClient(image.registry, image.repository, {
      ...(this.#options.credentials === undefined ? {} : { credentials: this.#options.credentials }),
      ...(this.#options.insecureRegistry === undefined ? {} : { insecure: this.#options.insecureRegistry }),
    });
    const fetchJson = async (reference: string, accept: string | undefined, expected: string | undefined) => {
      const res = await client.get(reference, accept);
      const bytes = await readAll(
        Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
        limits.maxMetadataBytes,
        `${this.ref}: ${reference}`,
      );
      if (expected !== undefined) checkDigest(bytes, expected, `${formatImageRef(image)} ${reference}`);
      return { bytes, mediaType: res.headers.get("content-type") ?? undefined };
    };
    const platform = this.#options.platform ?? "linux/amd64";
    const ref = image.digest ?? image.tag ?? "latest";
    let doc = await fetchJson(`manifests/${ref}`, MANIFEST_TYPES, image.digest);
    let digest = image.digest ?? `sha256:${createHash("sha256").update(doc.bytes).digest("hex")}`;
    for (let depth = 0; isIndex(doc.mediaType, JSON.parse(doc.bytes.toString("utf8"))); depth++) {
      if (depth > 4) throw new InputError(this.ref, "image indexes nest deeper than 4 levels");
      const index = parseJson(indexSchema, doc.bytes, `${this.ref} index`);
      const chosen = choosePlatform(index, platform, `${this.ref} index`);
      doc = await fetchJson(`manifests/${chosen.digest}`, MANIFEST_TYPES, chosen.digest);
      digest = chosen.digest;
    }
    const manifest = parseJson(manifestSchema, doc.bytes, `${this.ref} manifest ${digest}`);
    const configDoc = await fetchJson(`blobs/${manifest.config.digest}`, undefined, manifest.config.digest);
    const config = parseJson(configSchema, configDoc.bytes, `${this.ref} config ${manifest.config.digest}`);
    const layers = describeLayers(
      config,
      manifest.layers.map((l) => l.digest),
      manifest.layers.map((l) => l.size),
    );
    for (const [i, l] of manifest.layers.entries()) {
      const what = `${formatImageRef(image)} layer ${l.digest}`;
      const res = await client.get(`blobs/${l.digest}`);
      if (res.body === null) throw new InputError(what, "the registry sent an empty body");
      const raw = tap(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), undefined, (n) =>
        guard.physical(n),
      );
      const diffId = await walkLayerBlob(raw, what, l.digest, guard, visit(l.digest));
      const want = config.rootfs.diff_ids[i];
      if (want !== undefined && want !== diffId) {
        throw new InputError(
          what,
          `diff id mismatch: the config says ${want}, the layer hashes to ${diffId}`,
        );
      }
    }
    const target: Target = { kind: "registry", ref: this.ref, digest, layers };
    if (image.tag !== undefined) target.tags = [`${image.registry}/${image.repository}:${image.tag}`];
    const plat = configPlatform(config);
    if (plat !== undefined) target.platform = plat;
    return { target, layers: manifest.layers.map((l, i) => ({ key: l.digest, layer: layers[i]! })) };
  }
}
