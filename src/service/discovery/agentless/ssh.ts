/**
 * Reading a host over SSH, installing and running nothing: key authentication, the host key checked
 * against the pinned one, then the package databases and a few files fetched with SFTP into a local
 * directory laid out like the host's root, for the inventory engine to read.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import ssh2, { type ConnectConfig, type SFTPWrapper } from "ssh2";
import { errorMessage, InputError, VigilError } from "../../../errors.js";
import { hostPort, type OutboundPolicy } from "../../../net/outbound.js";
import { OS_FILES } from "../../../os/os-release.js";

// ssh2 is CommonJS: its named exports are on the default export.
const { Client, utils } = ssh2;

/** What a connection needs. */
export interface SshTarget {
  address: string;
  port: number;
  username: string;
  /** OpenSSH or PEM private key, unencrypted. */
  privateKey: string;
  /** Pinned host key (`<type> <base64>` or `SHA256:<fingerprint>`); null: accept and report the presented key. */
  hostKey: string | null;
  /** Where the host's system is, as the SSH user sees it (default "/"; e.g. "/host" in a container). */
  root?: string;
}

/**
 * The files read from a host, relative to its root: OS release files, the package databases of dpkg
 * (and distroless `status.d/`), apk and rpm, the running kernel and the listening sockets.
 */
export const HOST_FILES: readonly string[] = [
  ...OS_FILES,
  "etc/hostname",
  "var/lib/dpkg/status",
  "lib/apk/db/installed",
  "var/lib/rpm/rpmdb.sqlite",
  "var/lib/rpm/rpmdb.sqlite-wal",
  "var/lib/rpm/Packages",
  "usr/lib/sysimage/rpm/rpmdb.sqlite",
  "usr/lib/sysimage/rpm/rpmdb.sqlite-wal",
  "usr/lib/sysimage/rpm/Packages",
  "proc/sys/kernel/osrelease",
  "proc/net/tcp",
  "proc/net/tcp6",
  "proc/net/udp",
  "proc/net/udp6",
];

/** Directories whose files are all read (distroless dpkg keeps one status file per package). */
const HOST_DIRS: readonly string[] = ["var/lib/dpkg/status.d"];

/** A file larger than this is skipped with a problem (an rpmdb is tens of MiB). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** A host key presented by a server: its type, the key blob, and the SHA-256 fingerprint `ssh-keygen -l` prints. */
export interface HostKey {
  type: string;
  /** `<type> <base64>`, the form stored when trusted on first use. */
  line: string;
  fingerprint: string;
}

/** The server presented a host key other than the pinned one. */
export class HostKeyMismatchError extends VigilError {
  constructor(message: string) {
    super("SSH_HOST_KEY_MISMATCH", message);
  }
}

/** The key type inside an SSH public key blob (its first SSH string). */
function blobType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const n = blob.readUInt32BE(0);
  if (n === 0 || n > 64 || blob.length < 4 + n) return undefined;
  return blob.subarray(4, 4 + n).toString("latin1");
}

/** The presented key blob as a HostKey. */
export function hostKeyOf(blob: Buffer): HostKey {
  const type = blobType(blob) ?? "unknown";
  return {
    type,
    line: `${type} ${blob.toString("base64")}`,
    fingerprint: `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`,
  };
}

const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+)$/;

/**
 * Parses a pinned host key as given at registration: a public key line (`ssh-ed25519 AAAA... [comment]`,
 * as in `/etc/ssh/ssh_host_ed25519_key.pub`), a line of `ssh-keyscan` / known_hosts (`host ssh-ed25519
 * AAAA...`), or a fingerprint `SHA256:...` (as `ssh-keygen -lf` prints). Returns the stored form.
 * @throws InputError naming `field`
 */
export function parsePinnedHostKey(text: string, field: string): string {
  const t = text.trim();
  if (/^SHA256:[A-Za-z0-9+/]{43}=?$/.test(t)) return t.replace(/=$/, "");
  const tokens = t.split(/\s+/);
  const i = tokens.findIndex((x) => KEY_TYPE.test(x));
  const type = i < 0 ? undefined : tokens[i];
  const b64 = i < 0 ? undefined : tokens[i + 1];
  const blob =
    b64 !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, "base64") : undefined;
  if (type === undefined || blob === undefined || blobType(blob) !== type) {
    throw new InputError(
      field,
      "not an SSH host key: give the host's public key line (`ssh-ed25519 AAAA...`, from /etc/ssh/ssh_host_ed25519_key.pub or `ssh-keyscan -t ed25519 HOST`) or its fingerprint (`SHA256:...` from `ssh-keygen -lf`)",
    );
  }
  return `${type} ${blob.toString("base64")}`;
}

/**
 * Checks a private key ssh2 can use: OpenSSH or PEM, not protected by a passphrase.
 * @throws InputError naming `field`
 */
export function checkPrivateKey(text: string, field: string): void {
  const parsed = utils.parseKey(text);
  const err =
    parsed instanceof Error
      ? parsed
      : Array.isArray(parsed) && parsed.length === 0
        ? new Error("no key")
        : undefined;
  if (
    err !== undefined ||
    (!Array.isArray(parsed) && !(parsed as { isPrivateKey(): boolean }).isPrivateKey())
  ) {
    throw new InputError(
      field,
      `not a usable SSH private key (${err === undefined ? "a public key" : errorMessage(err)}): give an unencrypted OpenSSH or PEM private key (ssh-keygen -t ed25519 -N '')`,
    );
  }
}

/** Whether the presented key is the pinned one (a key line compares the blob, a fingerprint the hash). */
function matchesPin(pin: string, presented: HostKey): boolean {
  return pin.startsWith("SHA256:") ? pin === presented.fingerprint : pin === presented.line;
}

/** Host key algorithms to offer for a pinned key line, so the server presents that key and not another of its keys. */
function algorithmsFor(pin: string | null): ConnectConfig["algorithms"] {
  if (pin === null || pin.startsWith("SHA256:")) return undefined;
  const type = pin.split(" ")[0] as string;
  const serverHostKey = type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type];
  return { serverHostKey: serverHostKey as NonNullable<ConnectConfig["algorithms"]>["serverHostKey"] };
}

/** What a read produced: the host key the server presented, and files that could not be read. */
export interface HostRead {
  hostKey: HostKey;
  /** Paths (relative to the root) written under the destination. */
  files: string[];
  problems: { path: string; message: string }[];
}

/**
 * Connects, checks the host key, and copies HOST_FILES (those that exist) from the host into `dest`.
 * @throws HostKeyMismatchError when the server's key is not the pinned one
 * @throws VigilError SSH_FAILED when the connection, authentication or SFTP fails
 */
export async function readHostFiles(
  target: SshTarget,
  dest: string,
  options: { outbound: OutboundPolicy; timeoutMs?: number },
): Promise<HostRead> {
  const where = `${target.username}@${target.address}:${target.port}`;
  // Connected through the outbound policy (resolved, checked, reached by that address: no second lookup).
  const sock = await options.outbound.connect(target.address, target.port);
  const client = new Client();
  let presented: HostKey | undefined;
  let mismatch = false;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const connected = new Promise<void>((resolve, reject) => {
    client.once("ready", () => resolve());
    client.once("error", reject);
  });
  const config: ConnectConfig = {
    sock,
    username: target.username,
    privateKey: target.privateKey,
    readyTimeout: 30_000,
    hostVerifier: (key: Buffer) => {
      presented = hostKeyOf(key);
      mismatch = target.hostKey !== null && !matchesPin(target.hostKey, presented);
      return !mismatch;
    },
  };
  const algorithms = algorithmsFor(target.hostKey);
  if (algorithms !== undefined) config.algorithms = algorithms;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new VigilError("SSH_FAILED", `${where}: no answer within ${Math.round(timeoutMs / 1000)} s`));
      client.end();
    }, timeoutMs);
  });
  try {
    client.connect(config);
    try {
      await Promise.race([connected, timeout]);
    } catch (e) {
      if (mismatch && presented !== undefined) {
        throw new HostKeyMismatchError(
          `${where}: SSH host key mismatch: the server presented ${presented.type} ${presented.fingerprint}, the pinned key is ${describePin(target.hostKey as string)}. Not connecting; if the host key was changed on purpose, set hostKey again (PATCH /v1/hosts/ssh/{resourceId})`,
        );
      }
      throw new VigilError("SSH_FAILED", `${where}: ${sshErrorText(e, target)}`, { cause: e });
    }
    if (presented === undefined)
      throw new VigilError("SSH_FAILED", `${where}: the server presented no host key`);
    const sftp = await Promise.race([
      new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, s) => (err ? reject(err) : resolve(s))),
      ),
      timeout,
    ]).catch((e: unknown) => {
      throw new VigilError(
        "SSH_FAILED",
        `${where}: SFTP is not available (${errorMessage(e)}); enable the sftp subsystem in sshd_config`,
        { cause: e },
      );
    });
    const read = await Promise.race([copyFiles(sftp, target.root ?? "/", dest), timeout]);
    return { hostKey: presented, ...read };
  } finally {
    clearTimeout(timer);
    client.end();
  }
}

function describePin(pin: string): string {
  if (pin.startsWith("SHA256:")) return pin;
  return `${pin.split(" ")[0]} ${hostKeyOf(Buffer.from(pin.split(" ")[1] ?? "", "base64")).fingerprint}`;
}

/**
 * What a tenant is told. Authentication and algorithm negotiation say what to fix; every failure below
 * them (refused, reset, unreachable, timed out, not an SSH server) reads the same "cannot connect", so the
 * texts do not map which ports are open.
 */
function sshErrorText(e: unknown, target: SshTarget): string {
  const level = (e as { level?: unknown }).level;
  const msg = errorMessage(e);
  if (level === "client-authentication")
    return `authentication failed (${msg}): is the public key of privateKey in the user's authorized_keys?`;
  if (level === "handshake") return `the SSH handshake failed (${msg})`;
  return `cannot connect to ${hostPort(target.address, target.port)} (is sshd listening there, with SFTP?)`;
}

async function copyFiles(sftp: SFTPWrapper, root: string, dest: string): Promise<Omit<HostRead, "hostKey">> {
  const files: string[] = [];
  const problems: HostRead["problems"] = [];
  const wanted = [...HOST_FILES];
  for (const dir of HOST_DIRS) {
    const names = await new Promise<string[]>((resolve) =>
      sftp.readdir(posix.join(root, dir), (err, list) => resolve(err ? [] : list.map((e) => e.filename))),
    );
    for (const n of names.sort()) if (!n.endsWith(".md5sums")) wanted.push(`${dir}/${n}`);
  }
  for (const rel of wanted) {
    const remote = posix.join(root, rel);
    const size = await new Promise<number | undefined | Error>((resolve) =>
      sftp.stat(remote, (err, st) => resolve(err ? (isMissing(err) ? undefined : err) : st.size)),
    );
    if (size === undefined) continue;
    if (size instanceof Error) {
      problems.push({ path: `/${rel}`, message: errorMessage(size) });
      continue;
    }
    if (size > MAX_FILE_BYTES) {
      problems.push({ path: `/${rel}`, message: `larger than ${MAX_FILE_BYTES} bytes: not read` });
      continue;
    }
    try {
      const data = await new Promise<Buffer>((resolve, reject) =>
        sftp.readFile(remote, (err, buf) => (err ? reject(err) : resolve(buf))),
      );
      const local = join(dest, rel);
      await mkdir(dirname(local), { recursive: true });
      await writeFile(local, data);
      files.push(rel);
    } catch (e) {
      problems.push({ path: `/${rel}`, message: errorMessage(e) });
    }
  }
  return { files, problems };
}

/** SFTP "no such file" (status 2). */
function isMissing(err: Error): boolean {
  return (err as { code?: unknown }).code === 2;
}
