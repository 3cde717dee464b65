import { UnknownEcosystemError } from "../errors.js";
import { apkScheme } from "./schemes/apk.js";
import { composerScheme } from "./schemes/composer.js";
import { dpkgScheme } from "./schemes/dpkg.js";
import { gemScheme } from "./schemes/gem.js";
import { genericScheme } from "./schemes/generic.js";
import { goScheme } from "./schemes/go.js";
import { hexScheme } from "./schemes/hex.js";
import { mavenScheme } from "./schemes/maven.js";
import { nugetScheme } from "./schemes/nuget.js";
import { pep440Scheme } from "./schemes/pep440.js";
import { pubScheme } from "./schemes/pub.js";
import { rpmScheme } from "./schemes/rpm.js";
import { semverScheme } from "./schemes/semver.js";
import type { VersionScheme } from "./types.js";

/**
 * OSV ecosystem name (the part before the first ":") -> version scheme. Suffixes such as ":12" or
 * ":v3.20" name a release of the same ecosystem and select the same scheme.
 *
 * Ecosystems that OSV lists but that have no ordering of their own here (Linux, OSS-Fuzz, Bitnami,
 * GitHub Actions, Hackage, CRAN, SwiftURL...) use the generic scheme: see schemes/generic.ts.
 */
const SCHEMES: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  // dpkg
  ["Debian", dpkgScheme],
  ["Ubuntu", dpkgScheme],
  // rpm
  ["Red Hat", rpmScheme],
  ["AlmaLinux", rpmScheme],
  ["Rocky Linux", rpmScheme],
  ["SUSE", rpmScheme],
  ["openSUSE", rpmScheme],
  ["Mageia", rpmScheme],
  ["openEuler", rpmScheme],
  ["Photon OS", rpmScheme],
  ["Azure Linux", rpmScheme],
  ["Amazon Linux", rpmScheme],
  ["Oracle Linux", rpmScheme],
  // apk
  ["Alpine", apkScheme],
  ["Wolfi", apkScheme],
  ["Chainguard", apkScheme],
  ["MinimOS", apkScheme],
  // language ecosystems
  ["npm", semverScheme],
  ["crates.io", semverScheme],
  ["PyPI", pep440Scheme],
  ["Maven", mavenScheme],
  ["Go", goScheme],
  ["RubyGems", gemScheme],
  ["NuGet", nugetScheme],
  ["Packagist", composerScheme],
  ["Hex", hexScheme],
  ["Pub", pubScheme],
  // Node.js itself (the Node.js security WG core advisories; runtime matching)
  ["Node.js", semverScheme],
  // generic ordering
  ["Linux", genericScheme],
  ["OSS-Fuzz", genericScheme],
  ["Bitnami", genericScheme],
  ["GitHub Actions", genericScheme],
  ["Hackage", genericScheme],
  ["CRAN", genericScheme],
  ["Bioconductor", genericScheme],
  ["SwiftURL", genericScheme],
  ["ConanCenter", genericScheme],
  ["GHC", genericScheme],
  ["Julia", genericScheme],
  ["Generic", genericScheme],
]);

/** The base of an OSV ecosystem name: "Debian:12" -> "Debian", "Ubuntu:Pro:22.04:LTS" -> "Ubuntu". */
export function ecosystemBase(ecosystem: string): string {
  const i = ecosystem.indexOf(":");
  return i < 0 ? ecosystem : ecosystem.slice(0, i);
}

/** The version scheme of an ecosystem. @throws UnknownEcosystemError */
export function schemeFor(ecosystem: string): VersionScheme {
  const scheme = SCHEMES.get(ecosystemBase(ecosystem));
  if (scheme === undefined) throw new UnknownEcosystemError(ecosystem, [...SCHEMES.keys()]);
  return scheme;
}

/** Every known ecosystem base name with its scheme's name. */
export function knownEcosystems(): [string, string][] {
  return [...SCHEMES].map(([eco, s]) => [eco, s.name]);
}
