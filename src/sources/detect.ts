import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { InputError } from "../errors.js";
import type { TargetKind } from "../model/inventory.js";
import { looksLikeTar, sniffCompression } from "./decompress.js";
import { DirectorySource } from "./directory.js";
import { ImageArchiveSource } from "./image-archive.js";
import { parseImageRef } from "./image-ref.js";
import { OciLayoutSource, splitLayoutRef } from "./oci-layout.js";
import { RegistrySource } from "./registry.js";
import type { Source, SourceOptions } from "./types.js";
import { ZipSource } from "./zip.js";

/** Prefixes that force a kind: "dir:", "docker-archive:", "oci:", "registry:", "zip:", "sbom:". */
const PREFIXES: Readonly<Record<string, Exclude<TargetKind, "host"> | "oci">> = {
  "dir:": "directory",
  "docker-archive:": "docker-archive",
  "oci:": "oci",
  "registry:": "registry",
  "zip:": "zip",
  "sbom:": "sbom",
};

/** What a reference names, before it is opened. */
export type Detected =
  | { kind: "sbom"; path: string }
  | { kind: Exclude<TargetKind, "sbom" | "host">; source: Source };

async function head(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The kind of a file from its first bytes: zip, JSON (an SBOM), or a (compressed) tar image archive. */
async function fileKind(path: string): Promise<"zip" | "sbom" | "archive" | undefined> {
  const bytes = await head(path, 64 * 1024);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "zip";
  const text = bytes.subarray(0, 64).toString("utf8").trimStart();
  if (text.startsWith("{")) return "sbom";
  const compression = sniffCompression(bytes);
  if (compression === "none") return looksLikeTar(bytes) ? "archive" : undefined;
  if (compression === "zstd") return "archive";
  try {
    const inflated = gunzipSync(bytes, { finishFlush: 2 });
    return looksLikeTar(inflated) ? "archive" : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The source a reference names. With a prefix the kind is forced; otherwise a path that exists is a
 * directory (an OCI layout when it holds oci-layout / index.json) or a file told by its magic bytes
 * (zip, tar or tar.gz/zst image archive, JSON SBOM), and anything else is a registry image reference.
 * @throws InputError when the reference is neither
 */
export async function detectSource(ref: string, options: SourceOptions = {}): Promise<Detected> {
  for (const [prefix, kind] of Object.entries(PREFIXES)) {
    if (!ref.startsWith(prefix)) continue;
    const rest = ref.slice(prefix.length);
    switch (kind) {
      case "directory":
        return { kind, source: new DirectorySource(rest, options) };
      case "docker-archive":
        return { kind, source: new ImageArchiveSource(rest, options) };
      case "oci": {
        const isFile = await stat(rest).then(
          (s) => s.isFile(),
          () => false,
        );
        if (isFile) return { kind: "oci-layout", source: new ImageArchiveSource(rest, options) };
        const { dir, tag } = splitLayoutRef(rest);
        return { kind: "oci-layout", source: new OciLayoutSource(dir, tag, options) };
      }
      case "registry":
        return { kind, source: new RegistrySource(rest, options) };
      case "zip":
        return { kind, source: new ZipSource(rest, options) };
      case "sbom":
        return { kind, path: rest };
      default:
        break;
    }
  }
  const st = await stat(ref).catch(() => undefined);
  if (st?.isDirectory()) {
    const layout = await stat(join(ref, "index.json")).then(
      () =>
        stat(join(ref, "oci-layout")).then(
          () => true,
          () => false,
        ),
      () => false,
    );
    if (layout) return { kind: "oci-layout", source: new OciLayoutSource(ref, undefined, options) };
    return { kind: "directory", source: new DirectorySource(ref, options) };
  }
  if (st?.isFile()) {
    const kind = await fileKind(ref);
    if (kind === "zip") return { kind: "zip", source: new ZipSource(ref, options) };
    if (kind === "sbom") return { kind: "sbom", path: ref };
    if (kind === "archive") return { kind: "docker-archive", source: new ImageArchiveSource(ref, options) };
    throw new InputError(
      ref,
      "is a file but not a zip, a tar / tar.gz image archive or a JSON SBOM; name its kind with a prefix (zip:, docker-archive:, oci:, sbom:)",
    );
  }
  const layout = splitLayoutRef(ref);
  if (layout.tag !== undefined && (await stat(join(layout.dir, "index.json")).catch(() => undefined))) {
    return { kind: "oci-layout", source: new OciLayoutSource(layout.dir, layout.tag, options) };
  }
  try {
    parseImageRef(ref);
  } catch (e) {
    throw new InputError(
      ref,
      `no such file or directory, and not an image reference either (${(e as Error).message})`,
    );
  }
  return { kind: "registry", source: new RegistrySource(ref, options) };
}
