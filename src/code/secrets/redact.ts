/**
 * The one redaction rule for every secret in every output (snippet, message, evidence): the secret's
 * first 4 characters followed by "…" when it is at least 20 characters long (so at most a fifth of it
 * shows, and for most providers only the public prefix: `ghp_…`, `AKIA…`, `sk_l…`, `eyJh…`); a shorter
 * secret shows only "…". The fingerprint key is the SHA-256 of the secret, never the secret.
 */
import { createHash } from "node:crypto";

export const REDACTION_MARK = "…";
const PREFIX_CHARS = 4;
const MIN_LENGTH_FOR_PREFIX = 20;

export function redact(secret: string): string {
  const prefix = secret.length >= MIN_LENGTH_FOR_PREFIX ? secret.slice(0, PREFIX_CHARS) : "";
  return prefix + REDACTION_MARK;
}

/** The match key the engine fingerprints: hex SHA-256 of the secret. */
export function secretKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Shannon entropy of `s` in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}
