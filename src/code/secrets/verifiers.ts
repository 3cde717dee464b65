/**
 * Named checks a detector file can ask for (`verifier: <name>`). Each one looks only at the matched text
 * (never the network): it rejects a match that cannot be a real credential of its kind (bad checksum,
 * body that is not a key, placeholder), or accepts it with the level it verified and facts for the report.
 */
import { createPrivateKey } from "node:crypto";
import { hasValidCrc32Checksum } from "./checksum.js";

export type VerifiedLevel = "checksum" | "format" | "none";

export interface Candidate {
  /** The secret group's text. */
  secret: string;
  /** The primary regex's named groups. */
  groups: Readonly<Record<string, string | undefined>>;
}

export interface VerifierContext {
  /** jwt.io-style example claim sets (allowlist.yaml `jwtClaims`). */
  jwtClaims: readonly Record<string, string | number>[];
}

export type Verdict =
  | { ok: true; verified?: VerifiedLevel; evidence?: Record<string, string> }
  | { ok: false; reason: string };

type Verifier = (c: Candidate, ctx: VerifierContext) => Verdict;

const reject = (reason: string): Verdict => ({ ok: false, reason });

const GITHUB_KINDS: Record<string, string> = {
  ghp: "personal access token (classic)",
  gho: "OAuth access token",
  ghu: "user-to-server token",
  ghs: "server-to-server token",
  ghr: "refresh token",
};

function githubToken(c: Candidate): Verdict {
  if (c.secret.startsWith("github_pat_")) {
    // github_pat_<22 base62>_<59 base62>: GitHub documents the shape but no public checksum.
    return /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/.test(c.secret)
      ? { ok: true, verified: "format", evidence: { tokenType: "fine-grained personal access token" } }
      : reject("not the fine-grained token shape");
  }
  if (!hasValidCrc32Checksum(c.secret)) return reject("CRC32 checksum does not match");
  return {
    ok: true,
    verified: "checksum",
    evidence: { tokenType: GITHUB_KINDS[c.secret.slice(0, 3)] ?? "token" },
  };
}

function npmToken(c: Candidate): Verdict {
  return hasValidCrc32Checksum(c.secret)
    ? { ok: true, verified: "checksum" }
    : reject("CRC32 checksum does not match");
}

const AWS_KEY_KINDS: Record<string, string> = {
  AKIA: "long-term access key",
  ASIA: "temporary (STS) access key",
  ABIA: "STS service bearer token",
  ACCA: "context-specific credential",
};

function awsAccessKeyId(c: Candidate): Verdict {
  const id = c.groups["secret"] ?? c.secret;
  return { ok: true, evidence: { keyType: AWS_KEY_KINDS[id.slice(0, 4)] ?? "access key" } };
}

/** A PEM/OpenSSH/PGP body (possibly JSON-escaped) decoded to bytes, with any armor headers noted. */
function decodeArmoredBody(body: string): { bytes: Buffer; legacyEncrypted: boolean } | undefined {
  const lines = body
    .replace(/\\r/g, "")
    .replace(/\\n/g, "\n")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const legacyEncrypted = lines.some((l) => /^Proc-Type:.*ENCRYPTED/i.test(l));
  // Armor headers (`Proc-Type:`, `Version:`) and an OpenPGP CRC-24 line (`=abcd`) are not key data.
  const data = lines.filter((l) => !l.includes(":") && !/^=[A-Za-z0-9+/]{4}$/.test(l)).join("");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const bytes = Buffer.from(data, "base64");
  // An Ed25519 PKCS#8 key is 48 bytes; anything shorter is not a private key.
  return bytes.length >= 40 ? { bytes, legacyEncrypted } : undefined;
}

function readSshString(buf: Buffer, at: number): { value: Buffer; next: number } | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return { value: buf.subarray(at + 4, at + 4 + len), next: at + 4 + len };
}

const OPENSSH_MAGIC = Buffer.from("openssh-key-v1\0", "latin1");

function openSshKey(bytes: Buffer): Verdict {
  if (!bytes.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC))
    return reject("no openssh-key-v1 magic");
  const cipher = readSshString(bytes, OPENSSH_MAGIC.length);
  const kdf = cipher && readSshString(bytes, cipher.next);
  const kdfOptions = kdf && readSshString(bytes, kdf.next);
  if (!kdfOptions || kdfOptions.next + 4 > bytes.length) return reject("truncated openssh-key-v1 header");
  const publicKey = readSshString(bytes, kdfOptions.next + 4);
  const keyType = publicKey && readSshString(publicKey.value, 0);
  if (!keyType) return reject("truncated openssh-key-v1 public key");
  return {
    ok: true,
    verified: "format",
    evidence: {
      keyType: keyType.value.toString("latin1"),
      encrypted: String(cipher.value.toString("latin1") !== "none"),
    },
  };
}

/** The key type from the PEM label and the parsed key, when it parses without a passphrase. */
function privateKey(c: Candidate): Verdict {
  const label = (c.groups["label"] ?? "").trim();
  const decoded = decodeArmoredBody(c.groups["body"] ?? c.secret);
  if (!decoded) return reject("the body is not a base64 key (a placeholder?)");
  const { bytes, legacyEncrypted } = decoded;
  if (label === "OPENSSH") return openSshKey(bytes);
  if (label === "PGP") {
    // An OpenPGP packet header has its top bit set (RFC 4880 4.2).
    return (bytes[0]! & 0x80) !== 0
      ? { ok: true, verified: "format", evidence: { keyType: "pgp", encrypted: "unknown" } }
      : reject("not an OpenPGP packet");
  }
  if (bytes[0] !== 0x30) return reject("the body is not DER (no ASN.1 SEQUENCE)");
  if (label === "ENCRYPTED" || legacyEncrypted) {
    return {
      ok: true,
      verified: "format",
      evidence: { keyType: label === "ENCRYPTED" ? "pkcs8" : label.toLowerCase(), encrypted: "true" },
    };
  }
  const type = label === "" ? "pkcs8" : label === "RSA" ? "pkcs1" : label === "EC" ? "sec1" : undefined;
  if (type === undefined) {
    // DSA and other traditional labels: DER-shaped, not parsed further.
    return { ok: true, verified: "format", evidence: { keyType: label.toLowerCase(), encrypted: "false" } };
  }
  try {
    const key = createPrivateKey({ key: bytes, format: "der", type });
    return {
      ok: true,
      verified: "format",
      evidence: { keyType: key.asymmetricKeyType ?? label.toLowerCase(), encrypted: "false" },
    };
  } catch {
    // DER-shaped but not a key we can parse (truncated, mangled): still key material, unverified.
    return {
      ok: true,
      verified: "none",
      evidence: { keyType: label.toLowerCase() || "unknown", encrypted: "false" },
    };
  }
}

function gcpServiceAccount(c: Candidate): Verdict {
  const body = c.secret
    .replace(/^-----BEGIN PRIVATE KEY-----/, "")
    .replace(/-----END PRIVATE KEY-----(?:\\n)?$/, "");
  const verdict = privateKey({ secret: c.secret, groups: { label: "", body } });
  if (!verdict.ok) return verdict;
  return {
    ok: true,
    verified: verdict.verified ?? "none",
    evidence: { keyType: verdict.evidence?.["keyType"] ?? "" },
  };
}

function base64urlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function jwt(c: Candidate, ctx: VerifierContext): Verdict {
  const [h, p] = c.secret.split(".");
  const header = base64urlJson(h ?? "");
  const payload = base64urlJson(p ?? "");
  if (!isObject(header) || typeof header["alg"] !== "string") return reject("the header has no alg");
  if (header["typ"] !== undefined && typeof header["typ"] !== "string")
    return reject("the header's typ is not a string");
  if (!isObject(payload)) return reject("the payload is not a JSON object");
  for (const claims of ctx.jwtClaims) {
    if (Object.entries(claims).every(([k, v]) => payload[k] === v)) return reject("documented example token");
  }
  const evidence: Record<string, string> = { alg: header["alg"] };
  if (typeof header["typ"] === "string") evidence["typ"] = header["typ"];
  if (typeof payload["exp"] === "number" && Number.isFinite(payload["exp"])) {
    const ms = payload["exp"] * 1000;
    if (Math.abs(ms) < 8.64e15) evidence["expiresAt"] = new Date(ms).toISOString();
  }
  return { ok: true, verified: "format", evidence };
}

const PYPI_LOCATIONS = new Set(["pypi.org", "test.pypi.org"]);

/** A PyPI API token is `pypi-` + a base64url macaroon (v2) whose location is the index it uploads to. */
function pypiMacaroon(c: Candidate): Verdict {
  const bytes = Buffer.from(c.secret.slice("pypi-".length), "base64url");
  // Macaroon v2: version byte 2, field 1 (location) with a varint length, then field 2 (identifier).
  if (bytes[0] !== 0x02 || bytes[1] !== 0x01) return reject("not a version-2 macaroon");
  const len = bytes[2] ?? 0;
  const location = bytes.subarray(3, 3 + len).toString("latin1");
  if (!PYPI_LOCATIONS.has(location) || bytes[3 + len] !== 0x02) return reject("not a PyPI macaroon");
  return { ok: true, verified: "format", evidence: { index: location } };
}

function azureStorageKey(c: Candidate): Verdict {
  // A storage account key is 64 random bytes in base64.
  return Buffer.from(c.secret, "base64").length === 64
    ? { ok: true, verified: "format" }
    : reject("not 64 bytes of base64");
}

function databaseUrl(c: Candidate): Verdict {
  const user = c.groups["user"] ?? "";
  // user:user (postgres:postgres, guest:guest) is a local default, not a leaked password.
  if (user !== "" && user === c.secret) return reject("the password is the user name (a local default)");
  const evidence: Record<string, string> = { scheme: (c.groups["scheme"] ?? "").toLowerCase() };
  const host = c.groups["host"];
  if (host !== undefined) evidence["host"] = host;
  return { ok: true, verified: "none", evidence };
}

export const VERIFIERS = {
  "github-token": githubToken,
  "npm-token": npmToken,
  "aws-access-key-id": awsAccessKeyId,
  "private-key": privateKey,
  "gcp-service-account": gcpServiceAccount,
  jwt,
  "pypi-macaroon": pypiMacaroon,
  "azure-storage-key": azureStorageKey,
  "database-url": databaseUrl,
} satisfies Record<string, Verifier>;

export type VerifierName = keyof typeof VERIFIERS;
