/**
 * Matching a resource, one way for every pass: its packages and runtimes against the vulnerability
 * database (package findings) and its OS release and runtimes against endoflife.date (END_OF_LIFE
 * findings), with finding ids scoped to the resource (the same package in two resources is two findings).
 */
import { errorMessage } from "../../errors.js";
import { buildFindings, type Enrichment } from "../../findings/build.js";
import { eolFindings } from "../../findings/eol.js";
import type { VulnDb } from "../../intel/index.js";
import { type AdvisoryLookup, matchPackages } from "../../match/matcher.js";
import { runtimePackages } from "../../match/runtimes.js";
import type { Advisory } from "../../model/advisory.js";
import type { Finding } from "../../model/finding.js";
import type { Inventory } from "../../model/inventory.js";
import type { CoverageInput } from "../resources/coverage.js";

/** What matching reads of the vulnerability database. */
export type MatchDb = AdvisoryLookup & Enrichment & Pick<VulnDb, "eol">;

/**
 * The findings of an inventory for one resource. The incremental pass gives an inventory of only the
 * packages it re-matches (and no OS or runtimes: END_OF_LIFE is not in its scope).
 */
export function matchFindings(inv: Inventory, db: MatchDb, resourceId: string, today: string): Finding[] {
  const { matches } = matchPackages([...inv.packages, ...runtimePackages(inv.runtimes)], db);
  return [
    ...buildFindings(matches, db, { scope: resourceId, network: "unknown" }),
    ...eolFindings(inv, (p) => db.eol(p), resourceId, today),
  ];
}

/** The resource types whose inventory must name an OS the matcher knows (else UNSUPPORTED_OS). */
export function needsKnownOs(type: string): boolean {
  return type === "host" || type === "image";
}

/** Matches an inventory for a resource: the findings, or why there are none (coverage input). */
export function matchResource(
  db: MatchDb,
  resource: { id: string; type: string },
  inv: Inventory,
  today: string,
): { findings?: Finding[]; evaluation: NonNullable<CoverageInput["evaluation"]> } {
  if (needsKnownOs(resource.type) && inv.os !== undefined && inv.os.ecosystem === undefined) {
    return { evaluation: { unsupportedOs: `${inv.os.id} ${inv.os.versionId ?? ""}`.trim() } };
  }
  try {
    return { findings: matchFindings(inv, db, resource.id, today), evaluation: {} };
  } catch (e) {
    return { evaluation: { error: `matching failed: ${errorMessage(e)}` } };
  }
}

/** The database with advisories read once per package key (a job matches many inventories). */
export function memoized(vdb: VulnDb): MatchDb {
  const advisories = new Map<string, Advisory[]>();
  return {
    advisoriesFor(ecosystem, name) {
      const k = `${ecosystem}\u0000${name}`;
      let list = advisories.get(k);
      if (list === undefined) {
        list = vdb.advisoriesFor(ecosystem, name);
        advisories.set(k, list);
      }
      return list;
    },
    cvss: (cve) => vdb.cvss(cve),
    kev: (cve) => vdb.kev(cve),
    epss: (cve) => vdb.epss(cve),
    nvd: (cve) => vdb.nvd(cve),
    preload: (cves) => vdb.preload(cves),
    eol: (product) => vdb.eol(product),
  };
}
