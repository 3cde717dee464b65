import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new API key, and what is stored of it. The key itself is shown once and never stored. */
export interface IssuedKey {
  /** The lookup id (also the stored row's primary key). */
  id: string;
  /** `vigil_<id>_<secret>`. */
  key: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
}

const KEY_PATTERN = /^vigil_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** Makes a new key: a 16-character lookup id and 32 random bytes of secret. */
export function issueKey(): IssuedKey {
  const id = randomBytes(10).toString("hex").slice(0, 16);
  const key = `vigil_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, key, hash: hashKey(key) };
}

/** Hex SHA-256 of a key. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The lookup id of a well-formed key, or undefined for anything else. */
export function keyId(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** Whether `key` hashes to `storedHash`, compared in constant time. */
export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
