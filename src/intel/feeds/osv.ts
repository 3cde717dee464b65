import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type {
  Advisory,
  Affected,
  AffectedRange,
  RangeEvent,
  Reference,
  Severity,
} from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { parseJsonText, readFileText, skipped } from "./common.js";
import { zipEntries } from "./zip.js";

/** A field of a record that does not fit the OSV schema: where, and what was wrong. */
class RecordIssue extends Error {
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

function wrongType(path: string, expected: string, v: unknown): RecordIssue {
  return new RecordIssue(path, `Invalid input: expected ${expected}, received ${kindOf(v)}`);
}

/** A required string (non-empty when `nonEmpty`). */
function str(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== "string") throw wrongType(path, "string", v);
  if (nonEmpty && v.length === 0) {
    throw new RecordIssue(path, "Too small: expected string to have >=1 characters");
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
  const out = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], at(path, i));
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
  throw new RecordIssue(path, "Invalid input");
}

const RANGE_TYPES = new Set<string>(["ECOSYSTEM", "SEMVER", "GIT"]);

function affectedRange(x: unknown, path: string): AffectedRange {
  const r = obj(x, path);
  const type = r.type;
  if (typeof type !== "string" || !RANGE_TYPES.has(type)) {
    throw new RecordIssue(at(path, "type"), 'Invalid option: expected one of "ECOSYSTEM"|"SEMVER"|"GIT"');
  }
  const repo = optStr(r.repo, at(path, "repo"));
  const events = list(r.events, at(path, "events"), rangeEvent);
  if (events.length === 0) {
    throw new RecordIssue(at(path, "events"), "Too small: expected array to have >=1 items");
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
 * Only the fields the model has are kept (unknown keys are dropped, as are severity entries of unknown
 * types). Hand-written rather than a zod schema: this runs once per record of feeds with hundreds of
 * thousands of them, and it says what zod said about a bad record ("affected.0.package.name: ...").
 * @throws RecordIssue naming the first field that does not fit the schema
 */
function toAdvisory(json: unknown, feed: string): Advisory {
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

/**
 * Parses one OSV JSON document into an advisory item, or a skipped item naming the record (file) and
 * the first schema problem. A document that is not JSON at all is also one skipped record: in a zip of
 * thousands of records, one broken file must not lose the other records.
 */
export function parseOsvDocument(text: string, feed: string, file: string): FeedItem {
  let json: unknown;
  try {
    json = parseJsonText(text, `${feed} ${file}`);
  } catch (e) {
    return skipped(feed, file, (e as Error).message);
  }
  try {
    return { kind: "advisory", advisory: toAdvisory(json, feed) };
  } catch (e) {
    if (!(e instanceof RecordIssue)) throw e;
    const id = typeof json === "object" && json !== null && "id" in json ? String(json.id) : file;
    return skipped(feed, id, `not an OSV record: ${e.message}`);
  }
}

/** The OSV ecosystem a zip or directory holds, from the bucket layout `<Ecosystem>/all.zip`. */
export function osvEcosystemOfPath(path: string): string {
  const name = basename(path);
  if (name === "all.zip") return basename(dirname(path));
  return name.replace(/\.zip$/, "");
}

function newest(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}

/**
 * Reads an OSV feed: a zip of `<ID>.json` records (the osv.dev bucket's `<Ecosystem>/all.zip`), a
 * directory of `.json` records, or one `.json` record. Zip entries are read one at a time.
 * Counts records; the summary date is the newest `modified`.
 */
export async function* readOsv(
  path: string,
  label: string,
  kind: "zip" | "dir" | "file",
): AsyncGenerator<FeedItem, FeedSummary> {
  let count = 0;
  let skippedCount = 0;
  let date: string | undefined;
  const handle = (item: FeedItem): FeedItem => {
    count++;
    if (item.kind === "skipped") skippedCount++;
    else if (item.kind === "advisory") date = newest(date, item.advisory.modified);
    return item;
  };
  if (kind === "zip") {
    for await (const entry of zipEntries(path, label)) {
      if (!entry.name.endsWith(".json")) continue;
      yield handle(parseOsvDocument(entry.read().toString("utf8"), label, entry.name));
    }
  } else {
    const files =
      kind === "file"
        ? [path]
        : (await readdir(path))
            .filter((n) => n.endsWith(".json"))
            .sort()
            .map((n) => join(path, n));
    for (const file of files) {
      yield handle(parseOsvDocument(await readFileText(file, label), label, basename(file)));
    }
  }
  const summary: FeedSummary = { feed: "osv", label, unit: "records", count, skipped: skippedCount };
  if (date !== undefined) summary.date = date;
  return summary;
}
