import { readFile, stat } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import yauzl from "yauzl";
import { InputError } from "../../errors.js";

/** One file of a zip archive, read when asked (entries are read one at a time, in archive order). */
export interface ZipEntry {
  /** The entry's path inside the archive ("ruby-advisory-db-master/gems/rack/CVE-2020-8161.yml"). */
  name: string;
  /** The decompressed bytes of the entry. Call at most once, before asking for the next entry. */
  read(): Promise<Buffer>;
}

const UNSAFE_MESSAGE = /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/;

/** True when an entry name would escape the directory it is extracted into. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.startsWith("/") || name.includes("\\") || /^[a-zA-Z]:/.test(name)) return true;
  return name.split("/").includes("..");
}

/**
 * Archives up to this size are read into memory (compressed) before their entries are inflated one at
 * a time: yauzl reading from a file descriptor makes several small reads per entry, which costs more
 * than the inflating on a busy machine. Larger archives are read from the file.
 */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

async function openZip(path: string): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, autoClose: true, validateEntrySizes: true };
  const done =
    (resolve: (z: yauzl.ZipFile) => void, reject: (e: unknown) => void) =>
    (err: Error | null, zip?: yauzl.ZipFile) => {
      if (err !== null || zip === undefined) reject(err ?? new Error("cannot open archive"));
      else resolve(zip);
    };
  if ((await stat(path)).size <= IN_MEMORY_LIMIT) {
    const bytes = await readFile(path);
    return new Promise((resolve, reject) => yauzl.fromBuffer(bytes, options, done(resolve, reject)));
  }
  return new Promise((resolve, reject) => yauzl.open(path, options, done(resolve, reject)));
}

/**
 * The entry's bytes: the raw (compressed) data is read as a stream and inflated in one synchronous
 * call, which is much faster than an inflate stream per small entry; entries are feed records of
 * kilobytes. The size is checked against the central directory's.
 */
function readEntryBytes(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, { decompress: false }, (err, stream) => {
      if (err !== null || stream === undefined) {
        reject(err ?? new Error("cannot read entry"));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", reject);
      stream.on("end", () => {
        try {
          if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
            throw new Error(
              `compression method ${entry.compressionMethod} is not supported (stored and deflate are)`,
            );
          }
          const raw = Buffer.concat(chunks);
          const bytes = entry.compressionMethod === 0 ? raw : inflateRawSync(raw);
          if (bytes.length !== entry.uncompressedSize) {
            throw new Error(`expected ${entry.uncompressedSize} bytes, inflated ${bytes.length}`);
          }
          resolve(bytes);
        } catch (e) {
          reject(e);
        }
      });
    });
  });
}

function toInputError(source: string, e: unknown, entry?: string): InputError {
  const message = e instanceof Error ? e.message : String(e);
  const unsafe = UNSAFE_MESSAGE.exec(message);
  if (unsafe !== null) {
    return new InputError(
      source,
      `zip entry ${JSON.stringify(unsafe[2])} has an unsafe path (absolute or with ".."); the archive is rejected, get a clean copy from the publisher`,
    );
  }
  const where = entry === undefined ? "" : ` (entry ${JSON.stringify(entry)})`;
  return new InputError(
    source,
    `not a readable zip archive${where}: ${message}; the file is truncated or corrupt, download it again`,
    { cause: e },
  );
}

/**
 * Streams the file entries of a zip archive (directories are passed over), one at a time, so that a
 * reader holds one record in memory, not the archive's records. `source` names the feed in errors.
 * @throws InputError when the archive is truncated or corrupt, or an entry path is absolute or has ".."
 */
export async function* zipEntries(path: string, source: string): AsyncGenerator<ZipEntry> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    throw toInputError(`${source} (${path})`, e);
  }
  const label = `${source} (${path})`;
  let failure: unknown;
  let waiting: { resolve: (e: yauzl.Entry | null) => void; reject: (e: unknown) => void } | undefined;
  zip.on("entry", (e: yauzl.Entry) => waiting?.resolve(e));
  zip.on("end", () => waiting?.resolve(null));
  zip.on("error", (e: unknown) => {
    failure = e;
    waiting?.reject(e);
  });
  const next = (): Promise<yauzl.Entry | null> =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      waiting = { resolve, reject };
      zip.readEntry();
    });
  try {
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await next();
      } catch (e) {
        throw toInputError(label, e);
      }
      if (entry === null) return;
      const name = entry.fileName;
      if (isUnsafeEntryName(name)) throw toInputError(label, new Error(`invalid relative path: ${name}`));
      if (name.endsWith("/")) continue;
      const current = entry;
      yield {
        name,
        read: async () => {
          try {
            return await readEntryBytes(zip, current);
          } catch (e) {
            throw toInputError(label, e, name);
          }
        },
      };
    }
  } finally {
    zip.close();
  }
}
