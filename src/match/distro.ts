import type { Package } from "../model/package.js";
import { ecosystemBase } from "../versions/index.js";

/** Ecosystems whose advisories are written by the distribution for its own packages, keyed by source package. */
const DISTRO_BASES = new Set([
  "Debian",
  "Ubuntu",
  "Alpine",
  "Wolfi",
  "Chainguard",
  "Red Hat",
  "AlmaLinux",
  "Rocky Linux",
  "SUSE",
  "openSUSE",
  "Mageia",
  "openEuler",
  "Photon OS",
  "Azure Linux",
  "Amazon Linux",
  "Oracle Linux",
  "MinimOS",
]);

export function isDistroEcosystem(ecosystem: string): boolean {
  return DISTRO_BASES.has(ecosystemBase(ecosystem));
}

/**
 * The (name, version) pairs a distro package is looked up under, most specific first: its source package
 * (what Debian's tracker, DSAs and Alpine's secdb are keyed by, and whose version their fixes name), then
 * its own binary name when that differs.
 */
export function distroLookups(
  pkg: Package,
): { name: string; version: string; kind: "distro-source" | "distro-binary" }[] {
  const out: { name: string; version: string; kind: "distro-source" | "distro-binary" }[] = [];
  if (pkg.source && pkg.source.name !== "") {
    out.push({ name: pkg.source.name, version: pkg.source.version || pkg.version, kind: "distro-source" });
  }
  if (!pkg.source || pkg.source.name !== pkg.name)
    out.push({ name: pkg.name, version: pkg.version, kind: "distro-binary" });
  return out;
}
