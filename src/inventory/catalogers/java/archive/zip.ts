import yauzl from "yauzl";

/** Entries of a zip archive held in memory, with the content of those a caller asked for. */
export interface ZipContents {
  /** Every entry name, in archive order. */
  names: string[];
  /** Content of the wanted entries, by name. */
  files: Map<string, Buffer>;
}

/** A zip that cannot be read (not a zip, truncated, corrupt entry). */
export class ZipFormatError extends Error {}

function openZip(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err) reject(new ZipFormatError(err.message));
      else resolve(zip);
    });
  });
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry).catch((e: unknown) => {
    throw new ZipFormatError(`${entry.fileName}: ${e instanceof Error ? e.message : String(e)}`);
  });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch (e) {
    throw new ZipFormatError(`${entry.fileName}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return Buffer.concat(chunks);
}

/**
 * Lists a zip held in memory and reads the entries `want` selects, as long as their uncompressed sizes
 * fit in `budget` bytes (entries past the budget are listed but not read).
 */
export async function readZip(
  buf: Buffer,
  want: (name: string) => boolean,
  budget: number,
): Promise<ZipContents> {
  const zip = await openZip(buf);
  const names: string[] = [];
  const files = new Map<string, Buffer>();
  let left = budget;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", (e: Error) => reject(new ZipFormatError(e.message)));
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (entry.fileName.endsWith("/") || !want(entry.fileName) || entry.uncompressedSize > left) {
          zip.readEntry();
          return;
        }
        left -= entry.uncompressedSize;
        readEntry(zip, entry).then((content) => {
          files.set(entry.fileName, content);
          zip.readEntry();
        }, reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { names, files };
}
