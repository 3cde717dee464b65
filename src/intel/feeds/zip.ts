import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { crc32, inflateRawSync } from "node:zlib";
import { InputError } from "../../errors.js";

/** One file of a zip archive, read when asked (entries are listed one at a time, in archive order). */
export interface ZipEntry {
  /** The entry's path inside the archive ("ruby-advisory-db-master/gems/rack/CVE-2020-8161.yml"). */
  name: string;
  /** The decompressed bytes of the entry. Call before asking for the next entry. */
  read(): Buffer;
}

/** True when an entry name would escape the directory it is extracted into. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.startsWith("/") || name.includes("\\") || /^[a-zA-Z]:/.test(name)) return true;
  return name.split("/").includes("..");
}

/**
 * Archives up to this size are read into memory (compressed); larger ones are read from the file, one
 * positioned read per entry header and per entry, so that memory stays bounded whatever the size.
 */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

/** Random access to the archive's bytes. */
interface ByteSource {
  size: number;
  /** `length` bytes at `offset`. @throws Error when the archive ends before them */
  bytes(offset: number, length: number): Buffer;
  close(): void;
}

/** Thrown for a problem with the archive itself; turned into an InputError naming the feed. */
class ZipFormatError extends Error {}

/** Thrown for an entry name that would escape the extraction directory. */
class UnsafeEntryError extends Error {
  constructor(readonly entryName: string) {
    super(`unsafe entry name ${entryName}`);
  }
}

function memorySource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    bytes(offset, length) {
      if (offset < 0 || offset + length > buffer.length)
        throw new ZipFormatError("unexpected end of archive");
      return buffer.subarray(offset, offset + length);
    },
    close() {},
  };
}

function fileSource(path: string): ByteSource {
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  return {
    size,
    bytes(offset, length) {
      if (offset < 0 || offset + length > size) throw new ZipFormatError("unexpected end of archive");
      const out = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done);
        if (n === 0) throw new ZipFormatError("unexpected end of archive");
        done += n;
      }
      return out;
    },
    close() {
      closeSync(fd);
    },
  };
}

async function openSource(path: string): Promise<ByteSource> {
  if ((await stat(path)).size <= IN_MEMORY_LIMIT) return memorySource(await readFile(path));
  return fileSource(path);
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Where the central directory is and how many entries it lists. */
interface Directory {
  offset: number;
  size: number;
  entries: number;
}

function u64(b: Buffer, at: number): number {
  const value = b.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError("zip64 value out of range");
  return Number(value);
}

/** Finds the end-of-central-directory record (and its zip64 variant) at the end of the archive. */
function findDirectory(src: ByteSource): Directory {
  const tailLength = Math.min(src.size, 22 + 0xffff);
  if (tailLength < 22) throw new ZipFormatError("end of central directory record signature not found");
  const tailStart = src.size - tailLength;
  const tail = src.bytes(tailStart, tailLength);
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    if (tail.readUInt16LE(i + 4) !== 0 || tail.readUInt16LE(i + 6) !== 0) {
      throw new ZipFormatError("multi-disk zip files are not supported");
    }
    let entries = tail.readUInt16LE(i + 10);
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const locatorAt = tailStart + i - 20;
      const locator = src.bytes(locatorAt, 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) {
        throw new ZipFormatError("zip64 end of central directory locator signature not found");
      }
      const record = src.bytes(u64(locator, 8), 56);
      if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) {
        throw new ZipFormatError("zip64 end of central directory record signature not found");
      }
      entries = u64(record, 32);
      size = u64(record, 40);
      offset = u64(record, 48);
    }
    if (offset + size > src.size)
      throw new ZipFormatError("central directory extends past the end of the archive");
    return { offset, size, entries };
  }
  throw new ZipFormatError("end of central directory record signature not found");
}

/** Code page 437 (the zip default when the UTF-8 flag is off), bytes 0x80-0xff. */
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

function decodeName(b: Buffer, utf8: boolean): string {
  if (utf8) return b.toString("utf8");
  let out = "";
  for (const byte of b) out += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  return out;
}

/** One central directory entry: what is needed to find and check the entry's data. */
interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** Parses the central directory entry at `at` of `dir`; returns it and where the next one starts. */
function centralEntry(dir: Buffer, at: number): { entry: CentralEntry; next: number } {
  if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
    throw new ZipFormatError("invalid central directory file header signature");
  }
  const flags = dir.readUInt16LE(at + 8);
  const nameLength = dir.readUInt16LE(at + 28);
  const extraLength = dir.readUInt16LE(at + 30);
  const next = at + 46 + nameLength + extraLength + dir.readUInt16LE(at + 32);
  if (next > dir.length) throw new ZipFormatError("central directory entry extends past the directory");
  const nameBytes = dir.subarray(at + 46, at + 46 + nameLength);
  let name: string | undefined;
  let compressedSize = dir.readUInt32LE(at + 20);
  let uncompressedSize = dir.readUInt32LE(at + 24);
  let localOffset = dir.readUInt32LE(at + 42);
  const extraEnd = at + 46 + nameLength + extraLength;
  for (let p = at + 46 + nameLength; p + 4 <= extraEnd; ) {
    const id = dir.readUInt16LE(p);
    const length = dir.readUInt16LE(p + 2);
    const data = p + 4;
    if (data + length > extraEnd) throw new ZipFormatError("extra field extends past the entry");
    if (id === 0x0001) {
      // Zip64: the 64-bit values of the fields that read 0xffffffff, in this order.
      let q = data;
      const take = (): number => {
        if (q + 8 > data + length)
          throw new ZipFormatError("zip64 extended information extra field too short");
        const v = u64(dir, q);
        q += 8;
        return v;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    } else if (id === 0x7075 && length >= 6 && dir[data] === 1) {
      // Info-ZIP Unicode Path: the UTF-8 name, valid when its CRC matches the header's name bytes.
      const crc = dir.readUInt32LE(data + 1);
      if (crc32(nameBytes) === crc) name = dir.toString("utf8", data + 5, data + length);
    }
    p = data + length;
  }
  name ??= decodeName(nameBytes, (flags & 0x800) !== 0);
  if (isUnsafeEntryName(name)) throw new UnsafeEntryError(name);
  const method = dir.readUInt16LE(at + 10);
  return { entry: { name, flags, method, compressedSize, uncompressedSize, localOffset }, next };
}

/** The largest output buffer allocated up front for one entry (larger entries take several). */
const MAX_CHUNK = 1024 * 1024;

/**
 * The entry's bytes, inflated in one synchronous call (entries are feed records of kilobytes) and
 * checked against the central directory's size.
 */
function entryBytes(src: ByteSource, e: CentralEntry): Buffer {
  if ((e.flags & 0x1) !== 0) throw new ZipFormatError("encrypted entries are not supported");
  if (e.method !== 0 && e.method !== 8) {
    throw new ZipFormatError(`compression method ${e.method} is not supported (stored and deflate are)`);
  }
  const local = src.bytes(e.localOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_SIGNATURE)
    throw new ZipFormatError("invalid local file header signature");
  const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = src.bytes(dataStart, e.compressedSize);
  const bytes =
    e.method === 0
      ? raw
      : inflateRawSync(raw, {
          // One output buffer of the expected size (the default 16 KiB chunks cost an allocation and
          // a copy per record), and no more output than the directory announced (a zip bomb stops here).
          chunkSize: Math.max(64, Math.min(e.uncompressedSize + 1, MAX_CHUNK)),
          maxOutputLength: e.uncompressedSize + 1,
        });
  if (bytes.length !== e.uncompressedSize) {
    throw new ZipFormatError(`expected ${e.uncompressedSize} bytes, inflated ${bytes.length}`);
  }
  return bytes;
}

function toInputError(source: string, e: unknown, entry?: string): InputError {
  if (e instanceof UnsafeEntryError) {
    return new InputError(
      source,
      `zip entry ${JSON.stringify(e.entryName)} has an unsafe path (absolute or with ".."); the archive is rejected, get a clean copy from the publisher`,
    );
  }
  const message = e instanceof Error ? e.message : String(e);
  const where = entry === undefined ? "" : ` (entry ${JSON.stringify(entry)})`;
  return new InputError(
    source,
    `not a readable zip archive${where}: ${message}; the file is truncated or corrupt, download it again`,
    { cause: e },
  );
}

/**
 * Streams the file entries of a zip archive (directories are passed over), one at a time, so that a
 * reader holds one record in memory, not the archive's records. Every entry name is checked before
 * the first entry is handed out. `source` names the feed in errors.
 * @throws InputError when the archive is truncated or corrupt, or an entry path is absolute or has ".."
 */
export async function* zipEntries(path: string, source: string): AsyncGenerator<ZipEntry> {
  const label = `${source} (${path})`;
  let src: ByteSource;
  try {
    src = await openSource(path);
  } catch (e) {
    throw toInputError(label, e);
  }
  try {
    let where: Directory;
    let dir: Buffer;
    try {
      where = findDirectory(src);
      dir = src.bytes(where.offset, where.size);
      // A first pass checks every entry header and name, so that an unsafe name rejects the archive
      // before any record is read.
      for (let i = 0, at = 0; i < where.entries; i++) at = centralEntry(dir, at).next;
    } catch (e) {
      throw toInputError(label, e);
    }
    for (let i = 0, at = 0; i < where.entries; i++) {
      const { entry, next } = centralEntry(dir, at);
      at = next;
      if (entry.name.endsWith("/")) continue;
      const name = entry.name;
      yield {
        name,
        read: () => {
          try {
            return entryBytes(src, entry);
          } catch (e) {
            throw toInputError(label, e, name);
          }
        },
      };
    }
  } finally {
    src.close();
  }
}
