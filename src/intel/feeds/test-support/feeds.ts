import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateRawSync } from "node:zlib";
import type { Advisory } from "../../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../../feed.js";

/** The real feed snapshots (../shared/feeds from the repository root). */
export const FEEDS = resolve(fileURLToPath(new URL("../../../../", import.meta.url)), "../shared/feeds");

/** Runs a reader to the end: every item, and the summary it returns. */
export async function collect(
  gen: AsyncGenerator<FeedItem, FeedSummary>,
): Promise<{ items: FeedItem[]; summary: FeedSummary }> {
  const items: FeedItem[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { items, summary: r.value };
    items.push(r.value);
  }
}

/** The advisories among items. */
export function advisories(items: readonly FeedItem[]): Advisory[] {
  return items.flatMap((i) => (i.kind === "advisory" ? [i.advisory] : []));
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "vigil-feeds-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes a zip archive with the given entries (deflated), names written as given: enough to make
 * test archives, including ones with unsafe names (`../x`) that zip tools refuse to write.
 */
export async function writeZip(path: string, entries: Record<string, string>): Promise<void> {
  await writeZipEntries(
    path,
    Object.entries(entries).map(([name, text]) => ({ name, data: Buffer.from(text, "utf8") })),
  );
}

/** One entry of a test archive made by writeZipEntries. */
export interface TestZipEntry {
  /** The name (UTF-8, flagged as such), or raw name bytes written without the UTF-8 flag. */
  name: string | Buffer;
  data: Buffer;
  /** 8 (deflate, the default) or 0 (stored); any other number is written as is, data stored. */
  method?: number;
  /** The uncompressed size to announce, when it should not be the data's. */
  announcedSize?: number;
  /** General purpose flags to add (bit 0: encrypted). */
  flags?: number;
}

/**
 * Writes a zip archive entry by entry; with `zip64`, sizes and offsets are written as 0xffffffff with
 * their values in zip64 extra fields, and the directory is found through the zip64 end records.
 */
export async function writeZipEntries(
  path: string,
  entries: readonly TestZipEntry[],
  options: { zip64?: boolean } = {},
): Promise<void> {
  const zip64 = options.zip64 === true;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const utf8 = typeof e.name === "string";
    const nameBytes = typeof e.name === "string" ? Buffer.from(e.name, "utf8") : e.name;
    const method = e.method ?? 8;
    const packed = method === 8 ? deflateRawSync(e.data) : e.data;
    const size = e.announcedSize ?? e.data.length;
    const flags = (utf8 ? 0x800 : 0) | (e.flags ?? 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(zip64 ? 0xffffffff : packed.length, 20);
    central.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes, extra);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(cd.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : cd.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  await writeFile(path, Buffer.concat([...locals, cd, ...tail, end]));
}
