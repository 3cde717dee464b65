/**
 * Checksums that providers put inside their tokens, so a match can be told apart from a random string of
 * the same shape without any network call.
 */
import { crc32 } from "node:zlib";

/** The "lexicographic" (GMP) base62 alphabet GitHub and npm encode their checksums with. */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` (an unsigned 32-bit integer) in base62, left-padded with `0` to `width` characters. */
export function base62(n: number, width = 6): string {
  let out = "";
  let v = n >>> 0;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, "0");
}

/** The CRC32 of `entropy`, base62-encoded to 6 characters: the last 6 characters of a valid token. */
export function crc32Base62(entropy: string): string {
  return base62(crc32(Buffer.from(entropy, "latin1")));
}

/**
 * GitHub's token format (github.blog, 2021-04-05, "Behind GitHub's new authentication token formats"),
 * which npm adopted (2021-09-23): a 4-character prefix (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `npm_`),
 * 30 base62 characters of entropy, and the CRC32 of those 30 characters (not the prefix) in 6 base62
 * characters.
 */
export function hasValidCrc32Checksum(token: string): boolean {
  if (!/^[a-z]{3}_[A-Za-z0-9]{36}$/.test(token)) return false;
  const entropy = token.slice(4, 34);
  return crc32Base62(entropy) === token.slice(34);
}
