import { posix } from "node:path";
import { InputError } from "../errors.js";
import type { Target } from "../model/inventory.js";
import { checkDigest, drain, looksLikeTar, openFile, peek, sniffCompression } from "./decompress.js";
import {
  choosePlatform,
  configPlatform,
  configSchema,
  describeLayers,
  dockerManifestSchema,
  type ImageConfig,
  indexSchema,
  isIndex,
  manifestSchema,
  parseJson,
} from "./image-config.js";
import { LimitGuard, resolveLimits } from "./limits.js";
import { readAll } from "./read-all.js";
import { walkLayerBlob, walkTar } from "./tar-layer.js";
import type { Source, SourceOptions, TreeVisitor, WalkResult } from "./types.js";

/** What the walk saw of one layer blob. */
interface SeenLayer {
  /** sha256 of the uncompressed tar (the diff id). */
  diffId: string;
  size: number;
}

const BLOB_PATH = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/;

/**
 * An image saved to one tar (or tar.gz) file: `docker save` (legacy manifest.json layout, and the OCI
 * layout that docker 25+ writes) or an OCI image layout packed as a tar. The archive is read once, front
 * to back: layers are walked as they go by, metadata (which `docker save` stores last) is kept, and the
 * stacking order is settled at the end.
 */
export class ImageArchiveSource implements Source {
  readonly kind = "docker-archive";
  readonly ref: string;
  readonly #path: string;
  readonly #options: SourceOptions;

  constructor(path: string, options: SourceOptions = {}) {
    this.ref = path;
    this.#path = path;
    this.#options = options;
  }

  async walk(visit: TreeVisitor): Promise<WalkResult> {
    const archive = this.#path;
    const guard = new LimitGuard(resolveLimits(this.#options.limits));
    const meta = new Map<string, Buffer>();
    const links = new Map<string, string>();
    const layers = new Map<string, SeenLayer>();
    const outer = await openFile(archive, guard);
    await walkTar(outer, archive, guard, async (e) => {
      if (e.type === "symlink" && e.linkTarget !== undefined) {
        links.set(e.path, posix.normalize(posix.join(posix.dirname(e.path), e.linkTarget)));
        return;
      }
      if (e.type !== "file") return;
      const { head, rest } = await peek(e.content(), 512);
      const blob = BLOB_PATH.exec(e.path);
      const blobDigest = blob === null ? undefined : `${blob[1]}:${blob[2]}`;
      if (sniffCompression(head) !== "none" || looksLikeTar(head)) {
        const diffId = await walkLayerBlob(rest, `${archive}:${e.path}`, blobDigest, guard, visit(e.path));
        layers.set(e.path, { diffId, size: e.size });
        return;
      }
      if (
        e.size <= guard.limits.maxMetadataBytes &&
        (blob === null ? isMetadataName(e.path) : head[0] === 0x7b)
      ) {
        const bytes = await readAll(rest, guard.limits.maxMetadataBytes, `${archive}:${e.path}`);
        if (blobDigest !== undefined) checkDigest(bytes, blobDigest, `${archive}:${e.path}`);
        meta.set(e.path, bytes);
        return;
      }
      await drain(rest);
    });
    return settle(archive, meta, links, layers, this.#options.platform ?? "linux/amd64");
  }
}

/** Small files of the docker-save and OCI layouts that describe the image. */
function isMetadataName(path: string): boolean {
  return path.endsWith(".json") || path === "oci-layout" || path === "repositories";
}

function need(meta: Map<string, Buffer>, path: string, archive: string, why: string): Buffer {
  const bytes = meta.get(path);
  if (bytes === undefined) {
    throw new InputError(
      archive,
      `${why} names ${path}, but the archive has no such file; the archive is incomplete`,
    );
  }
  return bytes;
}

function blobPath(digest: string): string {
  return `blobs/${digest.replace(":", "/")}`;
}

/** Orders the layers and describes the target once the whole archive has been read. */
function settle(
  archive: string,
  meta: Map<string, Buffer>,
  links: Map<string, string>,
  seen: Map<string, SeenLayer>,
  platform: string,
): WalkResult {
  const follow = (p: string): string => {
    let cur = p;
    for (let i = 0; i < 8 && links.has(cur); i++) cur = links.get(cur) ?? cur;
    return cur;
  };
  let keys: string[];
  let config: ImageConfig | undefined;
  const target: Target = { kind: "docker-archive", ref: archive };
  const docker = meta.get("manifest.json");
  if (docker !== undefined) {
    const first = parseJson(dockerManifestSchema, docker, `${archive}:manifest.json`)[0]!;
    const configPath = follow(first.Config);
    config = parseJson(
      configSchema,
      need(meta, configPath, archive, "manifest.json"),
      `${archive}:${configPath}`,
    );
    keys = first.Layers.map(follow);
    const id = posix
      .basename(configPath)
      .replace(/\.json$/, "")
      .replace(/^sha256:/, "");
    if (/^[a-f0-9]{64}$/.test(id)) target.digest = `sha256:${id}`;
    if (first.RepoTags && first.RepoTags.length > 0) target.tags = first.RepoTags;
  } else if (meta.has("index.json")) {
    target.kind = "oci-layout";
    let index = parseJson(
      indexSchema,
      need(meta, "index.json", archive, "the OCI layout"),
      `${archive}:index.json`,
    );
    let descriptor = choosePlatform(index, platform, `${archive}:index.json`);
    const tags = index.manifests
      .map(
        (m) =>
          m.annotations?.["io.containerd.image.name"] ?? m.annotations?.["org.opencontainers.image.ref.name"],
      )
      .filter((t): t is string => t !== undefined);
    if (tags.length > 0) target.tags = tags;
    for (let depth = 0; ; depth++) {
      const path = blobPath(descriptor.digest);
      const bytes = need(meta, path, archive, "index.json");
      const doc: unknown = JSON.parse(bytes.toString("utf8"));
      if (!isIndex(descriptor.mediaType, doc)) break;
      if (depth > 4) throw new InputError(archive, "image indexes nest deeper than 4 levels");
      index = parseJson(indexSchema, bytes, `${archive}:${path}`);
      descriptor = choosePlatform(index, platform, `${archive}:${path}`);
    }
    const manifestPath = blobPath(descriptor.digest);
    const manifest = parseJson(
      manifestSchema,
      need(meta, manifestPath, archive, "index.json"),
      `${archive}:${manifestPath}`,
    );
    const configPath = blobPath(manifest.config.digest);
    config = parseJson(
      configSchema,
      need(meta, configPath, archive, manifestPath),
      `${archive}:${configPath}`,
    );
    keys = manifest.layers.map((l) => blobPath(l.digest));
    target.digest = descriptor.digest;
  } else {
    throw new InputError(
      archive,
      "has neither manifest.json (docker save) nor index.json (OCI layout); is it an image archive?",
    );
  }
  for (const key of keys) {
    if (!seen.has(key)) {
      throw new InputError(
        archive,
        `the manifest lists layer ${key}, but the archive has no such layer; the archive is incomplete or corrupt`,
      );
    }
  }
  keys.forEach((key, i) => {
    const want = config?.rootfs.diff_ids[i];
    const got = seen.get(key)?.diffId;
    if (want !== undefined && got !== want) {
      throw new InputError(
        `${archive}:${key}`,
        `diff id mismatch: the config says ${want}, the layer hashes to ${got}`,
      );
    }
  });
  const described = describeLayers(
    config,
    keys.map((k) => seen.get(k)?.diffId ?? k),
    keys.map((k) => seen.get(k)?.size),
  );
  target.layers = described;
  const plat = config === undefined ? undefined : configPlatform(config);
  if (plat !== undefined) target.platform = plat;
  return { target, layers: keys.map((key, i) => ({ key, layer: described[i]! })) };
}
