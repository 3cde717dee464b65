/**
 * One agent report: the host's inventory (the inventory engine on the root directory: OS and language
 * packages), its running kernel and listening sockets, and who collected it.
 */
import { readFile, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { defaultCatalogers } from "../inventory/catalogers/index.js";
import { inventorySource } from "../inventory/index.js";
import type { Inventory, Listener } from "../model/inventory.js";
import { DirectorySource } from "../sources/directory.js";
import { VERSION } from "../version.js";
import type { Collector } from "./collector.js";
import { kernelRelease, listeningSockets } from "./host-facts.js";

/** What `POST /v1/inventories` takes from an agent. */
export interface HostReport {
  resource: { type: "host"; name: string };
  inventory: Inventory;
  collector: Collector;
}

/** rpmdb's files: Berkeley DB (`Packages`), NDB (`Packages.db`), SQLite (`rpmdb.sqlite` and its WAL). */
const RPM_FILES = ["Packages", "Packages.db", "rpmdb.sqlite", "rpmdb.sqlite-wal"];

/**
 * The package databases an agent watches, as directories under the root (watched rather than the files:
 * dpkg and apk replace their database by renaming a new file over it) and the names in them that matter.
 */
export const PACKAGE_DBS: readonly { manager: string; dir: string; files: readonly string[] }[] = [
  { manager: "dpkg", dir: "var/lib/dpkg", files: ["status"] },
  { manager: "apk", dir: "lib/apk/db", files: ["installed"] },
  { manager: "rpm", dir: "var/lib/rpm", files: RPM_FILES },
  { manager: "rpm", dir: "usr/lib/sysimage/rpm", files: RPM_FILES },
];

/** A report names at most this many problems (a live root can have thousands of unreadable files). */
const MAX_PROBLEMS = 100;

/** The host's name: `--name`, else the root's /etc/hostname when it is not the live system, else uname. */
export async function hostNameOf(root: string, name?: string): Promise<string> {
  if (name !== undefined && name.trim() !== "") return name.trim();
  if (root !== "/") {
    const text = await readFile(join(root, "etc/hostname"), "utf8").catch(() => "");
    const first = text.split("\n")[0]?.trim() ?? "";
    if (first !== "") return first;
  }
  return hostname();
}

/** Collects one report of the host under `root`. */
export async function collectHost(
  root: string,
  name: string,
  options: { now?: () => Date } = {},
): Promise<HostReport> {
  // The root is a directory by definition: straight to the directory source (inventory() would also
  // try the path as an image reference when it is missing).
  const inv = await inventorySource(
    new DirectorySource(root),
    defaultCatalogers(),
    options.now === undefined ? {} : { now: options.now },
  );
  const [kernel, listeners] = await Promise.all([kernelRelease(root), listeningSockets(root)]);
  const problems = inv.problems.slice(0, MAX_PROBLEMS);
  if (inv.problems.length > MAX_PROBLEMS) {
    problems.push({
      path: root,
      by: "agent",
      message: `${inv.problems.length - MAX_PROBLEMS} more problems not listed`,
    });
  }
  const report: HostReport = {
    resource: { type: "host", name },
    inventory: {
      ...inv,
      target: { kind: "host", ref: name },
      ...(kernel === undefined ? {} : { kernel }),
      listeners,
      problems,
    },
    collector: {
      kind: "agent",
      version: VERSION,
      ...(kernel === undefined ? {} : { kernel }),
      listeningPorts: listeners.map(({ protocol, address, port }) => ({ protocol, address, port })),
    },
  };
  return report;
}

/**
 * A cheap fingerprint of what a report depends on and can change without a package database event:
 * the databases' files (inode, size, mtime) and the listening sockets. Equal fingerprints: nothing to send.
 */
export async function hostFingerprint(root: string): Promise<string> {
  const parts: string[] = [];
  for (const db of PACKAGE_DBS) {
    for (const f of db.files) {
      const st = await stat(join(root, db.dir, f)).catch(() => undefined);
      parts.push(st === undefined ? `${db.dir}/${f}:-` : `${db.dir}/${f}:${st.ino}:${st.size}:${st.mtimeMs}`);
    }
  }
  parts.push(...(await listeningSockets(root)).map(listenerKey));
  return parts.join("\n");
}

function listenerKey(l: Listener): string {
  return `${l.protocol} ${l.address} ${l.port}`;
}
