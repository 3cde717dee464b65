/**
 * Reads the values of a Berkeley DB hash database, the format of rpm's `Packages` file before rpm 4.16
 * (RHEL/CentOS 7 and 8, Amazon Linux 2, older Fedora and SUSE). Only what rpm's database needs: the
 * metadata page (magic, byte order, page size, last page), hash pages (P_HASH, P_HASH_UNSORTED) with
 * on-page (H_KEYDATA) and overflow (H_OFFPAGE) items, and overflow page chains.
 */

const HASH_MAGIC = 0x061561;
const PAGE_HEADER_SIZE = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

/** Why a file could not be read as a Berkeley DB hash database (the caller names the file). */
export class BdbFormatError extends Error {}

/** Every data item of the database, in page order, with the page it was found on. */
export function readBdbHashValues(buf: Buffer): { page: number; value: Buffer }[] {
  if (buf.length < 512)
    throw new BdbFormatError(`${buf.length} bytes is shorter than a Berkeley DB metadata page`);
  const little = buf.readUInt32LE(12) === HASH_MAGIC;
  if (!little && buf.readUInt32BE(12) !== HASH_MAGIC) {
    throw new BdbFormatError("not a Berkeley DB hash database (wrong magic number)");
  }
  const u32 = (at: number) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u16 = (at: number) => (little ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new BdbFormatError(`page size ${pageSize} is not a power of two between 512 and 65536`);
  }
  const lastPage = u32(32);
  if ((lastPage + 1) * pageSize > buf.length) {
    throw new BdbFormatError(`the database is truncated: page ${lastPage} ends past its ${buf.length} bytes`);
  }

  const overflow = (first: number, total: number, from: number): Buffer => {
    const parts: Buffer[] = [];
    let collected = 0;
    let page = first;
    for (let hops = 0; page !== 0 && collected < total; hops++) {
      if (page > lastPage || hops > lastPage) {
        throw new BdbFormatError(`overflow chain from page ${from} leaves the database at page ${page}`);
      }
      const base = page * pageSize;
      if (buf[base + 25] !== P_OVERFLOW) throw new BdbFormatError(`page ${page} should be an overflow page`);
      const length = u16(base + 22);
      parts.push(buf.subarray(base + PAGE_HEADER_SIZE, base + PAGE_HEADER_SIZE + length));
      collected += length;
      page = u32(base + 16);
    }
    if (collected < total)
      throw new BdbFormatError(`overflow item on page ${from} is short: ${collected} of ${total} bytes`);
    return Buffer.concat(parts).subarray(0, total);
  };

  const values: { page: number; value: Buffer }[] = [];
  for (let page = 1; page <= lastPage; page++) {
    const base = page * pageSize;
    const type = buf[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(base + 20);
    const offsetAt = (i: number) => u16(base + PAGE_HEADER_SIZE + 2 * i);
    // Entries alternate key, data; items are laid out from the end of the page downwards.
    for (let i = 1; i < entries; i += 2) {
      const offset = offsetAt(i);
      if (offset < PAGE_HEADER_SIZE || offset >= pageSize)
        throw new BdbFormatError(`item ${i} of page ${page} is outside it`);
      const itemType = buf[base + offset];
      if (itemType === H_KEYDATA) {
        const end = offsetAt(i - 1);
        if (end <= offset || end > pageSize)
          throw new BdbFormatError(`item ${i} of page ${page} has a bad length`);
        values.push({ page, value: buf.subarray(base + offset + 1, base + end) });
      } else if (itemType === H_OFFPAGE) {
        values.push({ page, value: overflow(u32(base + offset + 4), u32(base + offset + 8), page) });
      }
    }
  }
  return values;
}
