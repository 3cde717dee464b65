import type { Affected, AffectedRange, RangeEvent } from "../model/advisory.js";
import { ecosystemBase, schemeFor } from "./ecosystems.js";
import { semverScheme } from "./schemes/semver.js";
import type { VersionScheme } from "./types.js";

/**
 * OSV `affected` semantics (https://ossf.github.io/osv-schema/#evaluation): a version is affected when
 * it is listed in `versions`, or when any ECOSYSTEM or SEMVER range includes it. A range includes a
 * version when, walking its events in version order, the last event at or below the version was an
 * `introduced` (with `fixed` excluding its own version and `last_affected` including its own), and the
 * version is below a `limit` when the range has any. GIT ranges need commit history and are not
 * evaluated here (they never make a version affected); ranges for other types are ignored likewise.
 *
 * `ecosystem` selects the scheme for ECOSYSTEM ranges and the `versions` list; SEMVER ranges always use
 * SemVer 2.0 ordering, as the schema says.
 *
 * @throws UnknownEcosystemError, InvalidVersionError (for the version or for an event's version):
 *   never a silent wrong answer.
 */
export function isAffected(
  ecosystem: string,
  version: string,
  affected: Pick<Affected, "ranges" | "versions">,
): boolean {
  const scheme = schemeFor(ecosystem);
  if (
    affected.versions !== undefined &&
    affected.versions.length > 0 &&
    inVersions(scheme, ecosystem, version, affected.versions)
  ) {
    return true;
  }
  for (const range of affected.ranges ?? []) {
    if (range.type === "ECOSYSTEM" && rangeIncludes(scheme, ecosystem, version, range)) return true;
    if (range.type === "SEMVER" && rangeIncludes(semverFor(ecosystem), "SemVer", stripV(version), range))
      return true;
  }
  return false;
}

function inVersions(
  scheme: VersionScheme,
  ecosystem: string,
  version: string,
  versions: readonly string[],
): boolean {
  if (versions.includes(version)) return true;
  // Equal in the scheme's order also counts ("1.0" and "1.0.0" in PyPI); a listed string the scheme
  // cannot parse cannot be equal to a valid version, so it is passed over.
  const v = scheme.parse(version, ecosystem);
  for (const listed of versions) {
    let p: unknown;
    try {
      p = scheme.parse(listed, ecosystem);
    } catch {
      continue;
    }
    if (scheme.compareParsed(v, p) === 0) return true;
  }
  return false;
}

type Kind = "introduced" | "fixed" | "last_affected" | "limit";

interface ParsedEvent {
  kind: Kind;
  /** undefined for introduced "0" (lowest of all) and limit "*" (no limit). */
  at: unknown;
  index: number;
}

function eventOf(e: RangeEvent): [Kind, string] {
  if ("introduced" in e) return ["introduced", e.introduced];
  if ("fixed" in e) return ["fixed", e.fixed];
  if ("last_affected" in e) return ["last_affected", e.last_affected];
  return ["limit", e.limit];
}

function rangeIncludes(
  scheme: VersionScheme,
  ecosystem: string,
  version: string,
  range: AffectedRange,
): boolean {
  const v = scheme.parse(version, ecosystem);
  const events: ParsedEvent[] = range.events.map((e, index) => {
    const [kind, raw] = eventOf(e);
    const open = (kind === "introduced" && raw === "0") || (kind === "limit" && raw === "*");
    const at = open ? undefined : scheme.parse(range.type === "SEMVER" ? stripV(raw) : raw, ecosystem);
    return { kind, at, index };
  });
  // Version order; introduced "0" first; ties keep the listed order (stable sort).
  const ordered = events
    .filter((e) => e.kind !== "limit")
    .sort((a, b) => {
      if (a.at === undefined || b.at === undefined) return a.at === b.at ? 0 : a.at === undefined ? -1 : 1;
      return scheme.compareParsed(a.at, b.at) || a.index - b.index;
    });
  let affected = false;
  for (const e of ordered) {
    if (e.kind === "introduced") {
      if (e.at === undefined || scheme.compareParsed(v, e.at) >= 0) affected = true;
    } else if (e.kind === "fixed") {
      if (e.at !== undefined && scheme.compareParsed(v, e.at) >= 0) affected = false;
    } else if (e.kind === "last_affected") {
      if (e.at !== undefined && scheme.compareParsed(v, e.at) > 0) affected = false;
    }
  }
  if (!affected) return false;
  const limits = events.filter((e) => e.kind === "limit" && e.at !== undefined);
  return limits.length === 0 || limits.some((l) => scheme.compareParsed(v, l.at) < 0);
}

/**
 * SEMVER ranges are SemVer 2.0; Go's scheme reads every SemVer version the same way and also the Go
 * toolchain's own spellings ("go1.21.3", "1.21rc1") that the stdlib package carries.
 */
function semverFor(ecosystem: string): VersionScheme {
  return ecosystemBase(ecosystem) === "Go" ? schemeFor(ecosystem) : semverScheme;
}

/** SEMVER ranges carry no "v" prefix; Go module versions do. */
function stripV(version: string): string {
  return version.startsWith("v") ? version.slice(1) : version;
}
