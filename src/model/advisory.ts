/**
 * One vulnerability record, in OSV's shape (https://ossf.github.io/osv-schema/), whatever feed it came
 * from. Readers of non-OSV feeds (Debian tracker, Alpine secdb, npm security-wg, RubySec, FriendsOfPHP)
 * translate into this shape; the typed extensions below carry what OSV has no field for.
 */
export type RangeEvent =
  | { introduced: string }
  | { fixed: string }
  | { last_affected: string }
  | { limit: string };

export interface AffectedRange {
  type: "ECOSYSTEM" | "SEMVER" | "GIT";
  repo?: string;
  events: RangeEvent[];
}

/**
 * Distro tracker status of a package for a CVE, for feeds that say more than "fixed in X":
 * - fixed: a fixed version exists (see ranges)
 * - affected: vulnerable, no fix yet (Debian "open"/unfixed, postponed)
 * - will-not-fix: the distro decided not to fix (Debian no-dsa / ignored)
 * - end-of-life: the package is no longer supported in that release
 * - not-affected: the release never had the vulnerable code
 */
export type DistroStatus = "fixed" | "affected" | "will-not-fix" | "end-of-life" | "not-affected";

export interface Affected {
  package: { ecosystem: string; name: string; purl?: string };
  ranges?: AffectedRange[];
  versions?: string[];
  severity?: Severity[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
  /** Vigil extension: distro tracker status (Debian, Alpine...). */
  distroStatus?: DistroStatus;
  /** Vigil extension: distro urgency or severity label ("low", "medium", "high", "unimportant"...). */
  distroUrgency?: string;
}

export interface Severity {
  type: "CVSS_V2" | "CVSS_V3" | "CVSS_V4" | "Ubuntu";
  score: string;
}

export interface Reference {
  type: string;
  url: string;
}

export interface Advisory {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases: string[];
  related?: string[];
  upstream?: string[];
  summary?: string;
  details?: string;
  severity?: Severity[];
  affected: Affected[];
  references: Reference[];
  database_specific?: Record<string, unknown>;
  /** Vigil extension: the feed this record came from ("osv:PyPI", "debian-tracker", "alpine-secdb:v3.11"...). */
  feed: string;
}

/** The OSV severity entry, under a name that does not clash with a finding's Severity. */
export type OsvSeverity = Severity;
