import { InputError } from "../errors.js";
import type { Target } from "../model/inventory.js";
import { tap } from "./decompress.js";
import { configPlatform, configSchema, describeLayers, manifestSchema, parseJson } from "./image-config.js";
import { formatImageRef, type ImageRef, parseImageRef } from "./image-ref.js";
import { LimitGuard, resolveLimits } from "./limits.js";
import { RegistryClient } from "./registry-client.js";
import { walkLayerBlob } from "./tar-layer.js";
import type { Source, SourceOptions, TreeVisitor, WalkResult } from "./types.js";

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
    const o = this.#options;
    const client = new RegistryClient(image.registry, {
      credentials: o.credentials,
      insecure: o.insecureRegistry,
      what: `${image.registry}/${image.repository}`,
      maxMetadataBytes: limits.maxMetadataBytes,
      ...(o.allowCrossOriginRealm === undefined ? {} : { allowCrossOriginRealm: o.allowCrossOriginRealm }),
      ...(o.registryFetch === undefined ? {} : { fetch: o.registryFetch }),
    });
    const platform = o.platform ?? "linux/amd64";
    const top = await client.manifest(image.repository, image.digest ?? image.tag ?? "latest");
    const doc = await client.platformManifest(image.repository, top, platform);
    const digest = doc === top ? (image.digest ?? top.digest) : doc.digest;
    const manifest = parseJson(manifestSchema, doc.bytes, `${this.ref} manifest ${digest}`);
    const configBytes = await client.blobBytes(image.repository, manifest.config.digest);
    const config = parseJson(configSchema, configBytes, `${this.ref} config ${manifest.config.digest}`);
    const layers = describeLayers(
      config,
      manifest.layers.map((l) => l.digest),
      manifest.layers.map((l) => l.size),
    );
    for (const [i, l] of manifest.layers.entries()) {
      const what = `${formatImageRef(image)} layer ${l.digest}`;
      const raw = tap(await client.blob(image.repository, l.digest), undefined, (n) => guard.physical(n));
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
