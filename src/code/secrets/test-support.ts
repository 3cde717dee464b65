/**
 * Synthetic secrets for tests and the detector examples. Nothing here is a real credential: values are
 * derived from a seed (SHA-256 of the generator's name and a counter), keys are generated on the spot,
 * and checksums are computed the way the providers compute them so the checksummed formats verify.
 *
 * Example files hold `@@gen:NAME@@` / `@@gen:NAME:ARG@@` markers instead of provider-format secrets, so
 * no token-shaped string (which push protection and other scanners would flag) is committed; `materialize`
 * replaces them before a test scans the text.
 */
import { createHash, createHmac, generateKeyPairSync } from "node:crypto";
import { crc32Base62 } from "./checksum.js";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A deterministic byte stream for one seed. */
function stream(seed: string): () => number {
  let block = Buffer.alloc(0);
  let counter = 0;
  let at = 0;
  return () => {
    if (at >= block.length) {
      block = createHash("sha256").update(`${seed}:${counter++}`).digest();
      at = 0;
    }
    return block[at++]!;
  };
}

export function randomString(seed: string, length: number, alphabet = ALNUM): string {
  const next = stream(seed);
  let out = "";
  while (out.length < length) {
    const b = next();
    // Rejection sampling keeps the distribution uniform for alphabets that do not divide 256.
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  return out;
}

export function randomBytes(seed: string, n: number): Buffer {
  const next = stream(seed);
  return Buffer.from(Array.from({ length: n }, next));
}

/** A GitHub-format token with a valid CRC32 checksum (`ghp_`, `gho_`, ... or `npm_`). */
export function checksummedToken(prefix: string, seed: string): string {
  const entropy = randomString(`${prefix}${seed}`, 30);
  return `${prefix}${entropy}${crc32Base62(entropy)}`;
}

/** The same token with its last character changed: the checksum no longer matches. */
export function corruptChecksum(token: string): string {
  const last = token.at(-1)!;
  return token.slice(0, -1) + (last === "A" ? "B" : "A");
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----`;
}

function sshString(b: Buffer | string): Buffer {
  const v = typeof b === "string" ? Buffer.from(b, "latin1") : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(v.length);
  return Buffer.concat([len, v]);
}

/** An unencrypted OpenSSH (openssh-key-v1) ed25519 private key, built from a fresh key pair. */
export function openSshEd25519(): string {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const priv = Buffer.from(jwk.d!, "base64url");
  const pubBlob = Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]);
  const check = Buffer.alloc(8, 0x2a);
  let section = Buffer.concat([
    check,
    sshString("ssh-ed25519"),
    sshString(pub),
    sshString(Buffer.concat([priv, pub])),
    sshString("synthetic@vigil"),
  ]);
  const pad = (8 - (section.length % 8)) % 8;
  section = Buffer.concat([section, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "latin1"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    count,
    sshString(pubBlob),
    sshString(section),
  ]);
  const b64 = body.toString("base64").replace(/.{70}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----`;
}

export function rsaPkcs1(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return pem("RSA PRIVATE KEY", privateKey.export({ format: "der", type: "pkcs1" }));
}

export function ecSec1(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return pem("EC PRIVATE KEY", privateKey.export({ format: "der", type: "sec1" }));
}

export function pkcs8(type: "rsa" | "ed25519" = "rsa"): string {
  const { privateKey } =
    type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ed25519");
  return pem("PRIVATE KEY", privateKey.export({ format: "der", type: "pkcs8" }));
}

export function encryptedPkcs8(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return privateKey
    .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "synthetic" })
    .toString()
    .trim();
}

/** A signed HS256 JWT with synthetic claims. */
export function jwt(seed: string, claims: Record<string, unknown> = {}): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const head = enc({ alg: "HS256", typ: "JWT" });
  const body = enc({
    sub: `svc-${randomString(seed, 8)}`,
    iss: "https://auth.example.test",
    exp: 4102444800,
    ...claims,
  });
  const sig = createHmac("sha256", `key-${seed}`).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

/** A PyPI-shaped token: `pypi-` + a version-2 macaroon located at `location`. */
export function pypiToken(seed: string, location = "pypi.org"): string {
  const identifier = Buffer.from(`{"nonce":"${randomString(seed, 32, "0123456789abcdef")}","version":1}`);
  const field = (type: number, value: Buffer) => Buffer.concat([Buffer.from([type, value.length]), value]);
  const bytes = Buffer.concat([
    Buffer.from([0x02]),
    field(0x01, Buffer.from(location)),
    field(0x02, identifier),
    Buffer.from([0x00, 0x00]),
    field(0x06, randomBytes(`${seed}:sig`, 32)),
  ]);
  return `pypi-${bytes.toString("base64url")}`;
}

const GENERATORS: Record<string, (arg: string, seed: string) => string> = {
  github: (prefix, seed) => checksummedToken(`${prefix}_`, seed),
  "github-bad": (prefix, seed) => corruptChecksum(checksummedToken(`${prefix}_`, seed)),
  "github-pat": (_, seed) => `github_pat_${randomString(seed, 22)}_${randomString(`${seed}:2`, 59)}`,
  npm: (_, seed) => checksummedToken("npm_", seed),
  "npm-bad": (_, seed) => corruptChecksum(checksummedToken("npm_", seed)),
  "aws-id": (prefix, seed) => `${prefix || "AKIA"}${randomString(seed, 16, BASE32)}`,
  "aws-secret": (_, seed) => randomString(seed, 40, B64),
  "gcp-private-key": () => `${pkcs8("rsa").replace(/\n/g, "\\n")}\\n`,
  "gcp-api-key": (_, seed) => `AIza${randomString(seed, 35, `${ALNUM}_-`)}`,
  "azure-storage-key": (_, seed) => randomBytes(seed, 64).toString("base64"),
  "azure-client-secret": (_, seed) =>
    `${randomString(seed, 3)}${randomString(`${seed}:d`, 1, "0123456789")}Q~${randomString(`${seed}:t`, 34, `${ALNUM}_~.-`)}`,
  gitlab: (prefix, seed) => `${prefix || "glpat"}-${randomString(seed, 20, `${ALNUM}_-`)}`,
  "slack-bot": (_, seed) =>
    `xoxb-${randomString(seed, 12, "0123456789")}-${randomString(`${seed}:2`, 13, "0123456789")}-${randomString(`${seed}:3`, 24)}`,
  "slack-webhook": (_, seed) =>
    `https://hooks.slack.com/services/T${randomString(seed, 10, BASE32)}/B${randomString(`${seed}:b`, 10, BASE32)}/${randomString(`${seed}:s`, 24)}`,
  stripe: (prefix, seed) => `${prefix}_${randomString(seed, 24)}`,
  pypi: (location, seed) => pypiToken(seed, location || "pypi.org"),
  "rsa-pkcs1": () => rsaPkcs1(),
  "ec-sec1": () => ecSec1(),
  pkcs8: (type) => pkcs8(type === "ed25519" ? "ed25519" : "rsa"),
  "pkcs8-encrypted": () => encryptedPkcs8(),
  "openssh-ed25519": () => openSshEd25519(),
  jwt: (_, seed) => jwt(seed),
  random: (length, seed) => randomString(seed, Number(length || 24)),
};

/** Replaces every `@@gen:NAME[:ARG]@@` marker with a synthetic value (seeded by the marker's position). */
export function materialize(text: string, seedPrefix = "vigil"): string {
  return materializeWithValues(text, seedPrefix).text;
}

/** `materialize`, also returning each generated value (for tests that look for them in outputs). */
export function materializeWithValues(
  text: string,
  seedPrefix = "vigil",
): { text: string; values: string[] } {
  let n = 0;
  const values: string[] = [];
  const out = text.replace(
    /@@gen:([a-z0-9-]+)(?::([A-Za-z0-9_.-]*))?@@/g,
    (_, name: string, arg?: string) => {
      const gen = GENERATORS[name];
      if (!gen)
        throw new Error(`unknown generator @@gen:${name}@@ (known: ${Object.keys(GENERATORS).join(", ")})`);
      const value = gen(arg ?? "", `${seedPrefix}:${name}:${n++}`);
      values.push(value);
      return value;
    },
  );
  return { text: out, values };
}

/**
 * The secret material inside a generated value: a PEM block's body without its BEGIN/END lines and line
 * breaks (JSON-escaped or not); any other value as it is.
 */
export function secretMaterial(value: string): string {
  if (!value.includes("-----BEGIN ")) return value;
  return value
    .replace(/\\n/g, "\n")
    .split("\n")
    .filter((l) => !l.includes("-----"))
    .join("");
}
