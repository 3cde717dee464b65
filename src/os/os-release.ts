import type { OsRelease } from "../model/inventory.js";

/** Files OS detection reads, in the order it trusts them. */
export const OS_FILES: readonly string[] = [
  "etc/os-release",
  "usr/lib/os-release",
  "etc/lsb-release",
  "etc/alpine-release",
  "etc/redhat-release",
  "etc/debian_version",
];

/** Distroless images keep one dpkg status file per package here instead of var/lib/dpkg/status. */
export const DPKG_STATUS_D = "var/lib/dpkg/status.d/";

/** True for files OS detection wants kept from a walk. */
export function wantedForOs(path: string): boolean {
  return OS_FILES.includes(path) || (path.startsWith(DPKG_STATUS_D) && !path.endsWith(".md5sums"));
}

/** What OS detection may read from the finished tree (symlinks resolved). */
export interface OsFiles {
  text(path: string): Promise<string | undefined>;
  /** Paths of kept files under a directory prefix. */
  list(prefix: string): string[];
}

/** Parses os-release (or lsb-release) KEY=value lines, with shell quoting. */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m === null) continue;
    let value = m[2]!.trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["\\$`])/g, "$1");
    }
    out.set(m[1]!, value);
  }
  return out;
}

/** An OsRelease from os-release text, or undefined when it names no ID. */
export function fromOsRelease(text: string): OsRelease | undefined {
  const kv = parseKeyValues(text);
  const id = kv.get("ID")?.toLowerCase();
  if (id === undefined || id === "") return undefined;
  const os: OsRelease = { id };
  const versionId = kv.get("VERSION_ID");
  if (versionId) os.versionId = versionId;
  const codename = kv.get("VERSION_CODENAME") ?? kv.get("UBUNTU_CODENAME");
  if (codename) os.versionCodename = codename;
  const pretty = kv.get("PRETTY_NAME");
  if (pretty) os.prettyName = pretty;
  const like = kv.get("ID_LIKE");
  if (like) os.idLike = like.split(/\s+/).filter(Boolean);
  return os;
}

/** lsb-release (Ubuntu and derivatives without os-release). */
function fromLsbRelease(text: string): OsRelease | undefined {
  const kv = parseKeyValues(text);
  const id = kv.get("DISTRIB_ID")?.toLowerCase();
  if (id === undefined || id === "") return undefined;
  const os: OsRelease = { id };
  const version = kv.get("DISTRIB_RELEASE");
  if (version) os.versionId = version;
  const codename = kv.get("DISTRIB_CODENAME");
  if (codename) os.versionCodename = codename;
  const pretty = kv.get("DISTRIB_DESCRIPTION");
  if (pretty) os.prettyName = pretty;
  return os;
}

/** etc/redhat-release: "Rocky Linux release 9.3 (Blue Onyx)", "Red Hat Enterprise Linux release 8.9 (Ootpa)". */
function fromRedhatRelease(text: string): OsRelease | undefined {
  const m = /^(.*?)\s+release\s+([0-9][0-9.]*)/i.exec(text.trim());
  if (m === null) return undefined;
  const name = m[1]!.toLowerCase();
  const id = name.startsWith("red hat")
    ? "rhel"
    : name.startsWith("rocky")
      ? "rocky"
      : name.startsWith("almalinux")
        ? "almalinux"
        : name.startsWith("centos")
          ? "centos"
          : name.startsWith("fedora")
            ? "fedora"
            : name.split(/\s+/)[0]!;
  return { id, versionId: m[2]!, prettyName: text.trim() };
}

/** etc/debian_version: "12.5" or "trixie/sid". */
function fromDebianVersion(text: string): OsRelease {
  const v = text.trim();
  if (/^[0-9]+(\.[0-9]+)*$/.test(v)) return { id: "debian", versionId: v.split(".")[0]! };
  const codename = v.split("/")[0];
  return codename ? { id: "debian", versionCodename: codename } : { id: "debian" };
}

/**
 * Distroless images (no os-release): the base-files stanza in var/lib/dpkg/status.d/ carries the Debian
 * release ("Version: 12.4+deb12u5" is Debian 12).
 */
async function fromDistroless(files: OsFiles): Promise<OsRelease | undefined> {
  const paths = files.list(DPKG_STATUS_D);
  if (paths.length === 0) return undefined;
  for (const path of paths) {
    const text = await files.text(path);
    if (text === undefined || !/^Package: base-files$/m.test(text)) continue;
    const version = /^Version: ([0-9]+)/m.exec(text)?.[1];
    if (version !== undefined) return { id: "debian", versionId: version, prettyName: "Distroless" };
  }
  return { id: "debian", prettyName: "Distroless" };
}

/** The major.minor of a version: "3.20.3" -> "3.20". */
function majorMinor(v: string): string {
  return v.split(".").slice(0, 2).join(".");
}

/**
 * The OSV ecosystem of an OS's packages: "Debian:12", "Ubuntu:22.04:LTS" (even-year .04 releases are
 * LTS), "Alpine:v3.20", "Red Hat:enterprise_linux:9", "Rocky Linux:9", "AlmaLinux:9", "Wolfi",
 * "Chainguard". Undefined when OSV has no ecosystem for it or the release is unknown.
 */
export function osvEcosystem(os: OsRelease): string | undefined {
  const v = os.versionId;
  const major = v?.split(".")[0];
  switch (os.id) {
    case "debian":
      return major ? `Debian:${major}` : undefined;
    case "ubuntu": {
      if (v === undefined) return undefined;
      const m = /^(\d\d)\.(\d\d)/.exec(v);
      if (m === null) return undefined;
      const lts = Number(m[1]) % 2 === 0 && m[2] === "04";
      return `Ubuntu:${m[1]}.${m[2]}${lts ? ":LTS" : ""}`;
    }
    case "alpine":
      return v ? `Alpine:v${majorMinor(v)}` : undefined;
    case "rhel":
      return major ? `Red Hat:enterprise_linux:${major}` : undefined;
    case "rocky":
      return major ? `Rocky Linux:${major}` : undefined;
    case "almalinux":
      return major ? `AlmaLinux:${major}` : undefined;
    case "wolfi":
      return "Wolfi";
    case "chainguard":
      return "Chainguard";
    default:
      return undefined;
  }
}

/**
 * The target's OS from its files: os-release, then usr/lib/os-release, lsb-release, alpine-release,
 * redhat-release, debian_version, then a distroless dpkg status.d. Undefined for scratch images and
 * trees without an OS.
 */
export async function detectOs(files: OsFiles): Promise<OsRelease | undefined> {
  const readers: [string, (text: string) => OsRelease | undefined][] = [
    ["etc/os-release", fromOsRelease],
    ["usr/lib/os-release", fromOsRelease],
    ["etc/lsb-release", fromLsbRelease],
    ["etc/alpine-release", (t) => (t.trim() ? { id: "alpine", versionId: t.trim() } : undefined)],
    ["etc/redhat-release", fromRedhatRelease],
    ["etc/debian_version", fromDebianVersion],
  ];
  let os: OsRelease | undefined;
  for (const [path, parse] of readers) {
    const text = await files.text(path);
    if (text === undefined) continue;
    os = parse(text);
    if (os !== undefined) break;
  }
  if (os === undefined) os = await fromDistroless(files);
  if (os === undefined) return undefined;
  if (os.id === "debian" && os.versionId === undefined) {
    const dv = await files.text("etc/debian_version");
    if (dv !== undefined) {
      const fallback = fromDebianVersion(dv);
      if (fallback.versionId !== undefined) os.versionId = fallback.versionId;
    }
  }
  const ecosystem = osvEcosystem(os);
  if (ecosystem !== undefined) os.ecosystem = ecosystem;
  return os;
}
