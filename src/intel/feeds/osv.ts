import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import type { Advisory, Affected, AffectedRange, Severity } from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { firstIssue, parseJsonText, readFileText, skipped } from "./common.js";
import { zipEntries } from "./zip.js";

const record = z.record(z.string(), z.unknown());

const severitySchema = z.object({ type: z.string(), score: z.string() });

const eventSchema = z.union([
  z.object({ introduced: z.string() }),
  z.object({ fixed: z.string() }),
  z.object({ last_affected: z.string() }),
  z.object({ limit: z.string() }),
]);

const rangeSchema = z.object({
  type: z.enum(["ECOSYSTEM", "SEMVER", "GIT"]),
  repo: z.string().optional(),
  events: z.array(eventSchema).min(1),
  database_specific: record.optional(),
});

const affectedSchema = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }),
  ranges: z.array(rangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  severity: z.array(severitySchema).nullish(),
  ecosystem_specific: record.optional(),
  database_specific: record.optional(),
});

/** An OSV record (https://ossf.github.io/osv-schema/), as parsed at the feed boundary. */
export const osvSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string().min(1),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severitySchema).nullish(),
  affected: z.array(affectedSchema).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
  database_specific: record.optional(),
});

type OsvRecord = z.infer<typeof osvSchema>;

const SEVERITY_TYPES = new Set<Severity["type"]>(["CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu"]);

function severities(list: OsvRecord["severity"]): Severity[] | undefined {
  if (list === undefined || list === null) return undefined;
  const out = list.filter((s): s is Severity => SEVERITY_TYPES.has(s.type as Severity["type"]));
  return out.length > 0 ? out : undefined;
}

function toAffected(a: NonNullable<OsvRecord["affected"]>[number]): Affected {
  const out: Affected = { package: { ...a.package } };
  if (a.ranges !== undefined) {
    out.ranges = a.ranges.map((r) => {
      const range: AffectedRange = { type: r.type, events: r.events };
      if (r.repo !== undefined) range.repo = r.repo;
      return range;
    });
  }
  if (a.versions !== undefined) out.versions = a.versions;
  const sev = severities(a.severity);
  if (sev !== undefined) out.severity = sev;
  if (a.ecosystem_specific !== undefined) out.ecosystem_specific = a.ecosystem_specific;
  if (a.database_specific !== undefined) out.database_specific = a.database_specific;
  return out;
}

/** Maps a parsed OSV record to the Advisory model, tagging it with the feed it came from. */
export function osvToAdvisory(r: OsvRecord, feed: string): Advisory {
  const adv: Advisory = {
    id: r.id,
    modified: r.modified,
    aliases: r.aliases ?? [],
    affected: (r.affected ?? []).map(toAffected),
    references: r.references ?? [],
    feed,
  };
  if (r.published !== undefined) adv.published = r.published;
  if (r.withdrawn !== undefined) adv.withdrawn = r.withdrawn;
  if (r.related != null && r.related.length > 0) adv.related = r.related;
  if (r.upstream != null && r.upstream.length > 0) adv.upstream = r.upstream;
  if (r.summary !== undefined) adv.summary = r.summary;
  if (r.details !== undefined) adv.details = r.details;
  const sev = severities(r.severity);
  if (sev !== undefined) adv.severity = sev;
  if (r.database_specific !== undefined) adv.database_specific = r.database_specific;
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
  const parsed = osvSchema.safeParse(json);
  if (!parsed.success) {
    const id = typeof json === "object" && json !== null && "id" in json ? String(json.id) : file;
    return skipped(feed, id, `not an OSV record: ${firstIssue(parsed.error)}`);
  }
  return { kind: "advisory", advisory: osvToAdvisory(parsed.data, feed) };
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
      yield handle(parseOsvDocument((await entry.read()).toString("utf8"), label, entry.name));
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
