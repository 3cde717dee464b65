import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { errorMessage, InputError } from "../errors.js";
import type { LimitGuard } from "./limits.js";

/** A stream of bytes as every source hands it on: anything async-iterable over Buffers. */
export type Bytes = AsyncIterable<Buffer>;

/** Compression of a layer or archive, told from its first bytes. */
export type Compression = "gzip" | "zstd" | "none";

/** The compression a buffer's magic bytes announce (gzip 1f 8b, zstd 28 b5 2f fd; else none). */
export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  return "none";
}

/** True when a 512-byte tar header block carries the ustar magic. */
export function looksLikeTar(head: Buffer): boolean {
  return head.length >= 263 && head.toString("latin1", 257, 262) === "ustar";
}

/** A streaming zstd decoder on top of fzstd (Node 20's zlib has no zstd). */
export class ZstdDecompress extends Transform {
  readonly #decoder = new Decompress((chunk) => {
    if (chunk.length > 0) this.push(Buffer.from(chunk));
  });

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.#decoder.push(chunk);
      done();
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.#decoder.push(new Uint8Array(0), true);
      done();
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

/**
 * Reads at least the first `n` bytes of a stream (fewer if it is shorter) and gives back a stream that
 * replays them, then the rest, without another copy.
 */
export async function peek(input: Bytes, n: number): Promise<{ head: Buffer; rest: Bytes }> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let have = 0;
  let ended = false;
  while (have < n) {
    const r = await it.next();
    if (r.done === true) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    have += r.value.length;
  }
  const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}

/** Reads a stream to its end, discarding the bytes (an entry nobody wants still has to go by). */
export async function drain(src: Bytes): Promise<void> {
  const it = src[Symbol.asyncIterator]();
  while ((await it.next()).done !== true);
}

/** Passes bytes through, feeding each chunk to `hash` (when given) and to `count` (when given). */
export async function* tap(
  src: Bytes,
  hash: Hash | undefined,
  count?: (n: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of src) {
    hash?.update(chunk);
    count?.(chunk.length);
    yield chunk;
  }
}

/** Runs `input` through the decoder for `kind`, counting inflated bytes. */
export function inflate(
  input: Bytes,
  kind: Exclude<Compression, "none">,
  what: string,
  guard: LimitGuard,
): Bytes {
  const decoder = kind === "gzip" ? createGunzip({ chunkSize: 256 * 1024 }) : new ZstdDecompress();
  const source = Readable.from(input, { objectMode: false });
  pipeline(source, decoder).catch((e: unknown) => {
    decoder.destroy(
      e instanceof InputError
        ? e
        : new InputError(what, `corrupt or truncated ${kind} data: ${errorMessage(e)}`, { cause: e }),
    );
  });
  return tap(decoder as AsyncIterable<Buffer>, undefined, (n) => guard.inflated(n, what));
}

/**
 * A file's bytes, decompressed when its magic bytes say gzip or zstd: the file stream feeds the decoder
 * directly (one hop fewer than peeking the stream). Physical and inflated bytes are counted for the caps.
 */
export async function openFile(path: string, guard: LimitGuard): Promise<Bytes> {
  let head: Buffer;
  try {
    const fh = await open(path, "r");
    try {
      head = Buffer.alloc(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new InputError(path, `cannot read: ${errorMessage(e)}`, { cause: e });
  }
  const kind = sniffCompression(head);
  if (kind === "none") return physicalFile(path, guard);
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  file.on("data", (chunk) => guard.physical(chunk.length));
  const decoder = kind === "gzip" ? createGunzip({ chunkSize: 256 * 1024 }) : new ZstdDecompress();
  pipeline(file, decoder).catch((e: unknown) => {
    decoder.destroy(
      new InputError(path, `corrupt or truncated ${kind} data: ${errorMessage(e)}`, { cause: e }),
    );
  });
  return tap(decoder as AsyncIterable<Buffer>, undefined, (n) => guard.inflated(n, path));
}

/** A file's bytes, each counted as physical input for the ratio cap. */
export function physicalFile(path: string, guard: LimitGuard): Bytes {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  async function* read(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of file as AsyncIterable<Buffer>) {
        guard.physical(chunk.length);
        yield chunk;
      }
    } catch (e) {
      throw new InputError(path, `cannot read: ${errorMessage(e)}`, { cause: e });
    }
  }
  return read();
}

/** "sha256:<hex>" of a finished hash. */
export function hexDigest(hash: Hash): string {
  return `sha256:${hash.digest("hex")}`;
}

/** Throws the InputError for a digest mismatch. */
export function digestMismatch(what: string, expected: string, got: string): InputError {
  return new InputError(
    what,
    `digest mismatch: expected ${expected}, got ${got}; the blob is corrupt or was tampered with`,
  );
}

/** A sha256 hash for verifying `expected`, refusing digests of other algorithms. */
export function sha256For(expected: string, what: string): Hash {
  if (!expected.startsWith("sha256:")) {
    throw new InputError(what, `digest ${expected} is not sha256; only sha256 digests are supported`);
  }
  return createHash("sha256");
}

/** Checks a buffer against a "sha256:<hex>" digest. @throws InputError naming `what` on a mismatch */
export function checkDigest(bytes: Buffer, expected: string, what: string): void {
  const got = hexDigest(sha256For(expected, what).update(bytes));
  if (got !== expected) throw digestMismatch(what, expected, got);
}
