/**
 * A package found in a target: one installed OS package, one lockfile entry, one binary's module.
 * `ecosystem` is an OSV ecosystem name ("Debian:12", "Alpine:v3.20", "npm", "PyPI", ...), the key the
 * matcher and the version layer use.
 */
export interface Package {
  name: string;
  version: string;
  /** OSV ecosystem name, with the release for distro packages: "Debian:12", "Alpine:v3.20", "npm". */
  ecosystem: string;
  /** Package URL (https://github.com/package-url/purl-spec), e.g. "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12". */
  purl: string;
  /** Distro packages: the source package this binary package was built from (the key distro advisories use). */
  source?: { name: string; version: string };
  /** Paths inside the target where the package was found (package database, lockfile, binary). */
  locations: string[];
  /** Image targets: digest of the layer that brought the package (diff id or blob digest). */
  layer?: string;
  /** Only a development dependency (lockfile "dev": true, poetry group "dev", ...). Kept and marked, not dropped. */
  dev?: boolean;
  /** A direct dependency of the project (as opposed to transitive), where the lockfile says. */
  direct?: boolean;
  licenses?: string[];
  /** Name of the cataloger that found it, e.g. "dpkg", "npm-lock". */
  foundBy: string;
  /** Free-form extras a cataloger knows (architecture, installed size, integrity hash...). */
  metadata?: Record<string, string>;
}

/** The identity of a package for matching: what advisories are indexed by. */
export function packageKey(ecosystem: string, name: string): string {
  return `${ecosystem}\u0000${name}`;
}
