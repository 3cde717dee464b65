import type {
  Advisory,
  Affected,
  AffectedRange,
  RangeEvent,
  Reference,
  Severity,
} from "../../model/advisory.js";

// One OSV record (https://ossf.github.io/osv-schema/) checked and mapped to the Advisory model in one
// pass. Written by hand rather than as a zod schema: it runs once per record of feeds with hundreds of
// thousands of them, at a fraction of the cost, and reports a bad record in zod's words
// ("affected.0.package.name: Too small: expected string to have >=1 characters").

/** A field of a record that does not fit the OSV schema: where, and what was wrong. */
export class OsvRecordIssue extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path === "" ? "record" : path}: ${problem}`);
  }
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  return Array.isArray(v) ? "array" : typeof v;
}

function at(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

function wrongType(path: string, expected: string, v: unknown): OsvRecordIssue {
  return new OsvRecordIssue(path, `Invalid input: expected ${expected}, received ${kindOf(v)}`);
}

/** A required string (non-empty when `nonEmpty`). */
function str(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== "string") throw wrongType(path, "string", v);
  if (nonEmpty && v.length === 0) {
    throw new OsvRecordIssue(path, "Too small: expected string to have >=1 characters");
  }
  return v;
}

function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw wrongType(path, "object", v);
  return v as Record<string, unknown>;
}

/** An optional free-form object (`database_specific`, `ecosystem_specific`), kept as it is. */
function optRecord(v: unknown, path: string): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw wrongType(path, "record", v);
  return v as Record<string, unknown>;
}

/** A required array, each item mapped by `item`. */
function list<T>(v: unknown, path: string, item: (x: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) throw wrongType(path, "array", v);
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) out.push(item(v[i], at(path, i)));
  return out;
}

/** An optional array (absent is fine, null is not). */
function optList<T>(v: unknown, path: string, item: (x: unknown, path: string) => T): T[] | undefined {
  return v === undefined ? undefined : list(v, path, item);
}

/** An optional array that may also be null. */
function nullishList<T>(v: unknown, path: string, item: (x: unknown, path: string) => T): T[] | undefined {
  return v === undefined || v === null ? undefined : list(v, path, item);
}

const strItem = (x: unknown, path: string): string => str(x, path);

const SEVERITY_TYPES = new Set<string>(["CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu"]);

/** Severity entries of the types the model knows (others are dropped); undefined when none is left. */
function severities(v: unknown, path: string): Severity[] | undefined {
  const entries = nullishList(v, path, (x, p) => {
    const s = obj(x, p);
    return { type: str(s.type, at(p, "type")), score: str(s.score, at(p, "score")) };
  });
  if (entries === undefined) return undefined;
  const out = entries.filter((s): s is Severity => SEVERITY_TYPES.has(s.type));
  return out.length > 0 ? out : undefined;
}

const EVENT_KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;

/** One range event: the first of introduced / fixed / last_affected / limit that is a string. */
function rangeEvent(x: unknown, path: string): RangeEvent {
  if (typeof x === "object" && x !== null && !Array.isArray(x)) {
    const e = x as Record<string, unknown>;
    for (const kind of EVENT_KINDS) {
      const value = e[kind];
      if (typeof value === "string") return { [kind]: value } as RangeEvent;
    }
  }
  throw new OsvRecordIssue(path, "Invalid input");
}

const RANGE_TYPES = new Set<string>(["ECOSYSTEM", "SEMVER", "GIT"]);

function affectedRange(x: unknown, path: string): AffectedRange {
  const r = obj(x, path);
  const type = r.type;
  if (typeof type !== "string" || !RANGE_TYPES.has(type)) {
    throw new OsvRecordIssue(at(path, "type"), 'Invalid option: expected one of "ECOSYSTEM"|"SEMVER"|"GIT"');
  }
  const repo = optStr(r.repo, at(path, "repo"));
  const events = list(r.events, at(path, "events"), rangeEvent);
  if (events.length === 0) {
    throw new OsvRecordIssue(at(path, "events"), "Too small: expected array to have >=1 items");
  }
  optRecord(r.database_specific, at(path, "database_specific"));
  const range: AffectedRange = { type: type as AffectedRange["type"], events };
  if (repo !== undefined) range.repo = repo;
  return range;
}

function affectedEntry(x: unknown, path: string): Affected {
  const a = obj(x, path);
  const p = obj(a.package, at(path, "package"));
  const pkg: Affected["package"] = {
    ecosystem: str(p.ecosystem, at(path, "package.ecosystem"), true),
    name: str(p.name, at(path, "package.name"), true),
  };
  const purl = optStr(p.purl, at(path, "package.purl"));
  if (purl !== undefined) pkg.purl = purl;
  const out: Affected = { package: pkg };
  const ranges = optList(a.ranges, at(path, "ranges"), affectedRange);
  const versions = optList(a.versions, at(path, "versions"), strItem);
  const severity = severities(a.severity, at(path, "severity"));
  const ecosystemSpecific = optRecord(a.ecosystem_specific, at(path, "ecosystem_specific"));
  const databaseSpecific = optRecord(a.database_specific, at(path, "database_specific"));
  if (ranges !== undefined) out.ranges = ranges;
  if (versions !== undefined) out.versions = versions;
  if (severity !== undefined) out.severity = severity;
  if (ecosystemSpecific !== undefined) out.ecosystem_specific = ecosystemSpecific;
  if (databaseSpecific !== undefined) out.database_specific = databaseSpecific;
  return out;
}

function reference(x: unknown, path: string): Reference {
  const r = obj(x, path);
  return { type: str(r.type, at(path, "type")), url: str(r.url, at(path, "url")) };
}

/**
 * Parses a JSON value as an OSV record into the Advisory model, tagged with the feed it came from.
 * Fields are checked in schema order and the first misfit is reported. Only the fields the model has
 * are kept: unknown keys are dropped, as are severity entries of unknown types; a range event keeps
 * its first string of introduced / fixed / last_affected / limit.
 * @throws OsvRecordIssue naming the first field that does not fit the schema
 */
export function osvRecordToAdvisory(json: unknown, feed: string): Advisory {
  const r = obj(json, "");
  optStr(r.schema_version, "schema_version");
  const id = str(r.id, "id", true);
  const modified = str(r.modified, "modified", true);
  const published = optStr(r.published, "published");
  const withdrawn = optStr(r.withdrawn, "withdrawn");
  const aliases = nullishList(r.aliases, "aliases", strItem);
  const related = nullishList(r.related, "related", strItem);
  const upstream = nullishList(r.upstream, "upstream", strItem);
  const summary = optStr(r.summary, "summary");
  const details = optStr(r.details, "details");
  const severity = severities(r.severity, "severity");
  const affected = nullishList(r.affected, "affected", affectedEntry);
  const references = nullishList(r.references, "references", reference);
  const databaseSpecific = optRecord(r.database_specific, "database_specific");
  const adv: Advisory = {
    id,
    modified,
    aliases: aliases ?? [],
    affected: affected ?? [],
    references: references ?? [],
    feed,
  };
  if (published !== undefined) adv.published = published;
  if (withdrawn !== undefined) adv.withdrawn = withdrawn;
  if (related !== undefined && related.length > 0) adv.related = related;
  if (upstream !== undefined && upstream.length > 0) adv.upstream = upstream;
  if (summary !== undefined) adv.summary = summary;
  if (details !== undefined) adv.details = details;
  if (severity !== undefined) adv.severity = severity;
  if (databaseSpecific !== undefined) adv.database_specific = databaseSpecific;
  return adv;
}
