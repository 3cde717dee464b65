import { errorMessage } from "../errors.js";
import type { Advisory, Affected } from "../model/advisory.js";
import type { InventoryProblem } from "../model/inventory.js";
import type { Match, MatchKind } from "../model/match.js";
import type { Package } from "../model/package.js";
import { compareVersions, isAffected } from "../versions/index.js";
import { distroLookups, isDistroEcosystem } from "./distro.js";

/** What the matcher needs from the vulnerability database. */
export interface AdvisoryLookup {
  advisoriesFor(ecosystem: string, name: string): Advisory[];
}

export interface MatchResult {
  matches: Match[];
  /** Packages or advisories that could not be compared (invalid versions...): reported, never fatal. */
  problems: InventoryProblem[];
}

/**
 * Matches packages against the advisories of their own ecosystem.
 *
 * - Distro packages (dpkg, rpm, apk) are looked up by their source package, in their exact release's
 *   ecosystem ("Debian:12" is not "Debian:11"), against the distribution's own advisories, and compared
 *   with the source version the distribution's fixes name. Distro statuses are honoured: not-affected
 *   never matches; affected (unfixed), will-not-fix and end-of-life match without a fix. Upstream ranges
 *   are not consulted for distro packages, so a fix backported into a distro revision is not reported.
 * - Language packages are matched against their ecosystem's OSV ranges.
 * - Withdrawn advisories are ignored.
 */
export function matchPackages(packages: readonly Package[], db: AdvisoryLookup): MatchResult {
  const matches: Match[] = [];
  const problems: InventoryProblem[] = [];
  for (const pkg of packages) {
    const lookups = isDistroEcosystem(pkg.ecosystem)
      ? distroLookups(pkg)
      : [{ name: pkg.name, version: pkg.version, kind: "ecosystem" as MatchKind }];
    const seen = new Set<string>();
    for (const { name, version, kind } of lookups) {
      for (const advisory of db.advisoriesFor(pkg.ecosystem, name)) {
        if (advisory.withdrawn || seen.has(advisory.id)) continue;
        for (const affected of advisory.affected) {
          if (!sameEcosystem(affected.package.ecosystem, pkg.ecosystem)) continue;
          if (!sameName(affected.package.name, name, pkg.ecosystem)) continue;
          let hit: boolean;
          try {
            hit = affects(pkg.ecosystem, version, affected);
          } catch (e) {
            problems.push({
              path: pkg.locations[0] ?? pkg.name,
              by: "matcher",
              message: `${pkg.name} ${version} against ${advisory.id}: ${errorMessage(e)}`,
            });
            continue;
          }
          if (!hit) continue;
          seen.add(advisory.id);
          const match: Match = {
            package: pkg,
            advisory,
            affected,
            kind,
            fixedVersions: fixedVersionsAbove(pkg.ecosystem, version, affected),
          };
          if (affected.distroStatus) match.distroStatus = affected.distroStatus;
          matches.push(match);
          break;
        }
      }
    }
  }
  return { matches, problems };
}

function sameEcosystem(advisoryEcosystem: string, packageEcosystem: string): boolean {
  return advisoryEcosystem === packageEcosystem;
}

function sameName(advisoryName: string, name: string, ecosystem: string): boolean {
  if (advisoryName === name) return true;
  if (ecosystem === "PyPI") return pep503(advisoryName) === pep503(name);
  return false;
}

function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** OSV semantics, plus distro statuses: an entry that says "not affected" never matches, "affected" with no range always does. */
function affects(ecosystem: string, version: string, affected: Affected): boolean {
  const status = affected.distroStatus;
  if (status === "not-affected") return false;
  const hasRanges = (affected.ranges?.length ?? 0) > 0 || (affected.versions?.length ?? 0) > 0;
  if (!hasRanges) return status === "affected" || status === "will-not-fix" || status === "end-of-life";
  return isAffected(ecosystem, version, affected);
}

/** The fixed versions above the installed one, lowest first (the lowest is the one to upgrade to). */
export function fixedVersionsAbove(ecosystem: string, version: string, affected: Affected): string[] {
  const fixes = new Set<string>();
  for (const range of affected.ranges ?? []) {
    if (range.type === "GIT") continue;
    for (const e of range.events) if ("fixed" in e) fixes.add(e.fixed);
  }
  const above: string[] = [];
  for (const f of fixes) {
    try {
      if (compareVersions(ecosystem, f, version) > 0) above.push(f);
    } catch {
      // A fix version the scheme cannot read is not offered as a remediation.
    }
  }
  return above.sort((a, b) => compareVersions(ecosystem, a, b));
}
