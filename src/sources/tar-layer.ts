import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { extract, type Header } from "tar-stream";
import { errorMessage, InputError, isVigilError } from "../errors.js";
import {
  type Bytes,
  digestMismatch,
  hexDigest,
  inflate,
  peek,
  sha256For,
  sniffCompression,
  tap,
} from "./decompress.js";
import { type LimitGuard, safePath } from "./limits.js";
import type { EntryType, LayerVisitor, TreeEntry } from "./types.js";

function entryType(h: Header): EntryType {
  switch (h.type) {
    case "file":
    case "contiguous-file":
      return "file";
    case "directory":
      return "dir";
    case "symlink":
      return "symlink";
    case "link":
      return "hardlink";
    default:
      return "other";
  }
}

/**
 * Streams one (already decompressed) tar and hands each entry to `visit`, in archive order, checking
 * every path and the caps first. Entries the visitor does not read are skipped without buffering.
 * @throws InputError naming `archive` (and the entry) for a truncated or hostile tar
 */
export async function walkTar(
  tarBytes: Bytes,
  archive: string,
  guard: LimitGuard,
  visit: LayerVisitor,
): Promise<void> {
  const ex = extract();
  let feedError: unknown;
  const feeding = pipeline(tarBytes, ex).catch((e: unknown) => {
    feedError = e;
  });
  try {
    for await (const stream of ex) {
      const h = stream.header;
      guard.entry(archive, h.name);
      const path = safePath(h.name, archive, guard.limits);
      const type = entryType(h);
      const size = type === "file" ? (h.size ?? 0) : 0;
      guard.bytes(size, archive, path);
      let linkTarget: string | undefined;
      if (type === "symlink") linkTarget = h.linkname ?? "";
      else if (type === "hardlink") linkTarget = safePath(h.linkname ?? "", archive, guard.limits);
      let taken = false;
      const entry: TreeEntry = {
        path,
        type,
        size,
        mode: (h.mode ?? 0) & 0o7777,
        content: () => {
          if (taken) throw new Error(`tar entry ${path} content read twice`);
          taken = true;
          return stream as AsyncIterable<Buffer>;
        },
      };
      if (linkTarget !== undefined) entry.linkTarget = linkTarget;
      await visit(entry);
      if (!taken) stream.resume();
    }
  } catch (e) {
    ex.destroy();
    await feeding;
    if (isVigilError(e)) throw e;
    if (isVigilError(feedError)) throw feedError;
    throw new InputError(
      archive,
      `not a readable tar (truncated or corrupt): ${errorMessage(feedError ?? e)}`,
      {
        cause: e,
      },
    );
  }
  await feeding;
  if (feedError !== undefined) {
    if (isVigilError(feedError)) throw feedError;
    throw new InputError(archive, `not a readable tar (truncated or corrupt): ${errorMessage(feedError)}`, {
      cause: feedError,
    });
  }
}

/**
 * Walks one layer blob as it streams: verifies the blob digest (when given), decompresses it (gzip,
 * zstd or none, sniffed), hashes the tar for its diff id and hands the entries to `visit`. An
 * uncompressed blob is hashed once: its digest is its diff id.
 * @returns the diff id ("sha256:<hex>" of the uncompressed tar)
 * @throws InputError on a digest mismatch (after the walk: the bytes are only known once all have flowed)
 */
export async function walkLayerBlob(
  raw: Bytes,
  what: string,
  blobDigest: string | undefined,
  guard: LimitGuard,
  visit: LayerVisitor,
): Promise<string> {
  const { head, rest } = await peek(raw, 4);
  const kind = sniffCompression(head);
  const diffHash = createHash("sha256");
  if (kind === "none") {
    if (blobDigest !== undefined) sha256For(blobDigest, what);
    await walkTar(tap(rest, diffHash), what, guard, visit);
    const diffId = hexDigest(diffHash);
    if (blobDigest !== undefined && diffId !== blobDigest) throw digestMismatch(what, blobDigest, diffId);
    return diffId;
  }
  const blobHash = blobDigest === undefined ? undefined : sha256For(blobDigest, what);
  await walkTar(tap(inflate(tap(rest, blobHash), kind, what, guard), diffHash), what, guard, visit);
  if (blobHash !== undefined && blobDigest !== undefined) {
    const got = hexDigest(blobHash);
    if (got !== blobDigest) throw digestMismatch(what, blobDigest, got);
  }
  return hexDigest(diffHash);
}
