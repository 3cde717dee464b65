import type { Package } from "./package.js";

/** What /etc/os-release (or its fallbacks) says about the target's operating system. */
export interface OsRelease {
  /** os-release ID: "debian", "alpine", "ubuntu", "rhel", "rocky", "almalinux", "sles", "wolfi"... */
  id: string;
  /** os-release VERSION_ID: "12", "3.20.1", "22.04". Absent for rolling releases and some testing suites. */
  versionId?: string;
  versionCodename?: string;
  prettyName?: string;
  idLike?: string[];
  /** The OSV ecosystem the OS packages belong to: "Debian:12", "Alpine:v3.20", "Ubuntu:22.04:LTS". */
  ecosystem?: string;
}

/** A language runtime or application found as files rather than in a package database. */
export interface Runtime {
  /** endoflife.date product name: "nodejs", "python", "go", "eclipse-temurin", "amazon-corretto", "apache-http-server"... */
  product: string;
  version: string;
  /** Where it was found. */
  location: string;
  layer?: string;
}

/** A listening socket (host agents read them from /proc/net). */
export interface Listener {
  protocol: "tcp" | "tcp6" | "udp" | "udp6";
  address: string;
  port: number;
  process?: string;
}

export type TargetKind = "directory" | "docker-archive" | "oci-layout" | "registry" | "zip" | "sbom" | "host";

export interface Layer {
  /** Digest of the uncompressed layer (diff id) when known, else of the blob. */
  digest: string;
  /** The image config's history line that created it, when known. */
  createdBy?: string;
  size?: number;
}

export interface Target {
  kind: TargetKind;
  /** What the user named: a path, an image reference, a host name. */
  ref: string;
  /** Image targets: the manifest or config digest. */
  digest?: string;
  /** Image targets: layers bottom to top. */
  layers?: Layer[];
  /** Image targets: platform "linux/amd64", repo tags, labels. */
  platform?: string;
  tags?: string[];
}

/** A file the inventory could not read. The scan goes on; these are reported at the end. */
export interface InventoryProblem {
  /** Path inside the target (or the source itself). */
  path: string;
  /** Which cataloger or source hit it. */
  by: string;
  message: string;
}

/** Everything installed in one target. The middle of the pipeline: sources produce it, the matcher and the SBOM formats consume it. */
export interface Inventory {
  target: Target;
  os?: OsRelease;
  /** Running kernel (hosts), e.g. "6.1.0-18-amd64". */
  kernel?: string;
  packages: Package[];
  runtimes: Runtime[];
  listeners?: Listener[];
  problems: InventoryProblem[];
  /** ISO 8601 time the inventory was taken. */
  createdAt: string;
}
