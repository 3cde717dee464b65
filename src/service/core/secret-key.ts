/**
 * The server's secret key: credentials kept in the service database (registry passwords) are sealed with
 * AES-256-GCM under it. Where it comes from, first found wins:
 *
 * 1. `--secret-key-file PATH` (`vigil server`, `vigil worker`): a file holding 32 bytes as base64 or hex;
 * 2. `$VIGIL_SECRET_KEY` (or `service.secretKey` in the config file): the same text;
 * 3. `<data dir>/secret.key`, generated (mode 0600) on first use when the service keeps its data in a
 *    directory (SQLite). With PostgreSQL and several processes, give every process the same key (1 or 2).
 *
 * The key is read on first use only, so a service that stores no secret never needs one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage, VigilError } from "../../errors.js";

/** Where the key may come from. */
export interface SecretKeySources {
  file?: string | undefined;
  env?: string | undefined;
  /** Where `env` was given, for errors (default `VIGIL_SECRET_KEY`). */
  envName?: string | undefined;
  dataDir?: string | undefined;
}

/** Parses 32 bytes written as base64 (44 characters) or hex (64 characters). */
export function parseSecretKey(text: string, what: string): Buffer {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (bytes.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(t) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(t))) {
    throw new VigilError(
      "SECRET_KEY_INVALID",
      `${what}: not a 32-byte key; write 32 random bytes as base64 or hex (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return bytes;
}

/** A loader that finds (or generates) the key on first call and then returns it. */
export function secretKeyLoader(sources: SecretKeySources): () => Buffer {
  let key: Buffer | undefined;
  return () => {
    key ??= loadSecretKey(sources);
    return key;
  };
}

function loadSecretKey(s: SecretKeySources): Buffer {
  if (s.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(s.file, "utf8");
    } catch (e) {
      throw new VigilError("SECRET_KEY_INVALID", `--secret-key-file ${s.file}: ${errorMessage(e)}`);
    }
    return parseSecretKey(text, `--secret-key-file ${s.file}`);
  }
  if (s.env !== undefined && s.env !== "") return parseSecretKey(s.env, s.envName ?? "VIGIL_SECRET_KEY");
  if (s.dataDir === undefined) {
    throw new VigilError(
      "SECRET_KEY_MISSING",
      "storing a secret needs the server's secret key: pass --secret-key-file PATH or set VIGIL_SECRET_KEY (32 bytes, base64), the same for every server and worker",
    );
  }
  const path = join(s.dataDir, "secret.key");
  try {
    writeFileSync(path, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (e) {
    if ((e as { code?: unknown }).code !== "EEXIST") {
      throw new VigilError("SECRET_KEY_INVALID", `cannot create ${path}: ${errorMessage(e)}`);
    }
  }
  return parseSecretKey(readFileSync(path, "utf8"), path);
}

/**
 * Seals a secret: `v1.<iv>.<tag>.<ciphertext>` (base64url), AES-256-GCM with `aad` (the owning row's id)
 * as additional data, so a sealed value copied to another row does not open.
 */
export function seal(key: Buffer, plain: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/**
 * Opens what `seal` made.
 * @throws VigilError when the key is not the one that sealed it (or the value was altered)
 */
export function unseal(key: Buffer, sealed: string, aad: string, what: string): string {
  const [v, iv, tag, data] = sealed.split(".");
  if (v !== "v1" || iv === undefined || tag === undefined || data === undefined) {
    throw new VigilError("SECRET_UNREADABLE", `${what}: the stored secret is not in a known format`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new VigilError(
      "SECRET_UNREADABLE",
      `${what}: the stored secret does not open with this server's secret key (was --secret-key-file or VIGIL_SECRET_KEY changed?); set the password again`,
    );
  }
}
