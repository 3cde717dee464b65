import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { posix } from "node:path";
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { errorMessage, InputError, isVigilError } from "../errors.js";
import type { Layer } from "../model/inventory.js";
import { LimitGuard, resolveLimits, safePath } from "./limits.js";
import type { EntryType, LayerVisitor, Source, SourceOptions, TreeVisitor, WalkResult } from "./types.js";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

/** Where Lambda mounts layer zips: their content lands under /opt. */
export const ZIP_LAYER_ROOT = "opt";

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((ok, fail) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (e, z) => {
        if (e !== null || z === undefined)
          fail(new InputError(path, `not a readable zip: ${errorMessage(e)}`));
        else ok(z);
      },
    );
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((ok, fail) => {
    zip.openReadStream(entry, (e, s) => (e !== null || s === undefined ? fail(e) : ok(s)));
  });
}

/** Streams one zip's entries under `prefix`, each checked against the caps before it is read. */
async function walkZip(path: string, prefix: string, guard: LimitGuard, visit: LayerVisitor): Promise<void> {
  const zip = await openZip(path);
  try {
    await new Promise<void>((ok, fail) => {
      const onEntry = async (entry: Entry): Promise<void> => {
        guard.entry(path, entry.fileName);
        const inner = safePath(entry.fileName, path, guard.limits);
        const full = inner === "" ? prefix : prefix === "" ? inner : `${prefix}/${inner}`;
        const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
        const kind = unixMode & S_IFMT;
        const type: EntryType =
          entry.fileName.endsWith("/") || kind === S_IFDIR ? "dir" : kind === S_IFLNK ? "symlink" : "file";
        guard.zipEntry(path, entry.fileName, entry.compressedSize, entry.uncompressedSize);
        guard.bytes(entry.uncompressedSize, path, entry.fileName);
        guard.physical(entry.compressedSize);
        guard.inflated(entry.uncompressedSize, path);
        if (type === "dir") return;
        let linkTarget: string | undefined;
        if (type === "symlink") {
          const chunks: Buffer[] = [];
          for await (const c of await openEntry(zip, entry)) chunks.push(c as Buffer);
          linkTarget = Buffer.concat(chunks).toString("utf8").slice(0, guard.limits.maxPathLength);
        }
        await visit({
          path: full,
          type,
          size: type === "file" ? entry.uncompressedSize : 0,
          mode: unixMode === 0 ? 0o644 : unixMode & 0o7777,
          ...(linkTarget === undefined ? {} : { linkTarget }),
          content: () =>
            (async function* () {
              try {
                for await (const c of await openEntry(zip, entry)) yield c as Buffer;
              } catch (e) {
                throw new InputError(`${path}:${entry.fileName}`, `corrupt zip entry: ${errorMessage(e)}`);
              }
            })(),
        });
      };
      zip.on("entry", (entry: Entry) => {
        onEntry(entry).then(
          () => zip.readEntry(),
          (e: unknown) => fail(e),
        );
      });
      zip.on("end", () => ok());
      zip.on("error", (e: unknown) =>
        fail(isVigilError(e) ? e : new InputError(path, `corrupt zip: ${errorMessage(e)}`)),
      );
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/**
 * A function's deployment package (zip) and its layer zips, as Lambda lays them out: the package at the
 * root of the tree, every layer under opt/. Each zip is one layer, named by its sha256.
 */
export class ZipSource implements Source {
  readonly kind = "zip";
  readonly ref: string;
  readonly #options: SourceOptions;

  constructor(path: string, options: SourceOptions = {}) {
    this.ref = path;
    this.#options = options;
  }

  async walk(visit: TreeVisitor): Promise<WalkResult> {
    const guard = new LimitGuard(resolveLimits(this.#options.limits));
    const zips = [
      { path: this.ref, prefix: "" },
      ...(this.#options.zipLayers ?? []).map((p) => ({ path: p, prefix: ZIP_LAYER_ROOT })),
    ];
    const layers: { key: string; layer: Layer }[] = [];
    // Lambda stacks layers under the package: the package's files win, so it is applied last.
    for (const zip of [...zips.slice(1), zips[0]!]) {
      const digest = await sha256File(zip.path).catch((e: unknown) => {
        throw new InputError(zip.path, `cannot read: ${errorMessage(e)}`);
      });
      await walkZip(zip.path, zip.prefix, guard, visit(zip.path));
      layers.push({ key: zip.path, layer: { digest, createdBy: posix.basename(zip.path) } });
    }
    return { target: { kind: "zip", ref: this.ref, layers: layers.map((l) => l.layer) }, layers };
  }
}
