/**
 * Reads an RPM header blob as rpm stores it in its database (rpmdb.sqlite `Packages.blob`, NDB, BDB):
 * big-endian index count and data length, the index entries (tag, type, offset, count; 16 bytes each),
 * then the data store. Only the tags a cataloger needs are decoded.
 */

/** Header tags (rpmtag.h). */
export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  VENDOR: 1011,
  ARCH: 1022,
  SOURCERPM: 1044,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

/** A decoded header: tag -> first string value, or number for INT32 tags. */
export type Header = Map<number, string | number>;

/** Why a blob could not be read (the caller names the file and record). */
export class HeaderFormatError extends Error {}

export function parseHeader(blob: Buffer): Header {
  if (blob.length < 8)
    throw new HeaderFormatError(`header is ${blob.length} bytes, shorter than its 8-byte preamble`);
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 0xffff || dataStart + dl > blob.length) {
    throw new HeaderFormatError(
      `header claims ${il} index entries and ${dl} data bytes, more than its ${blob.length} bytes`,
    );
  }
  const wanted = new Set<number>(Object.values(TAG));
  const header: Header = new Map();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = blob.readUInt32BE(at);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(at + 4);
    const offset = blob.readInt32BE(at + 8);
    if (offset < 0 || offset >= dl) throw new HeaderFormatError(`tag ${tag} points outside the data store`);
    const start = dataStart + offset;
    if (type === TYPE_INT32) {
      header.set(tag, blob.readUInt32BE(start));
    } else if (type === TYPE_STRING || type === TYPE_STRING_ARRAY || type === TYPE_I18NSTRING) {
      const end = blob.indexOf(0, start);
      if (end === -1 || end > dataStart + dl)
        throw new HeaderFormatError(`string of tag ${tag} is not terminated`);
      header.set(tag, blob.toString("utf8", start, end));
    }
  }
  return header;
}
