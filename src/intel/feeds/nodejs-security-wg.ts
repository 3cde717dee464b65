import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import type { Advisory, AffectedRange, Severity } from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { cvssType, fileTime, firstIssue, readJsonFile, skipped } from "./common.js";
import { complement, type Interval, intersectAll, intervalEvents, union } from "./intervals.js";
import { compareSemver, semverRangeIntervals } from "./semver-ranges.js";

/**
 * The ecosystem Vigil gives the Node.js runtime itself (OSV has none): advisories of
 * `vuln/core` affect package "node" of ecosystem "Node.js", with SEMVER ranges over Node.js versions.
 * The matcher matches a Node.js runtime (endoflife product "nodejs") against it.
 */
export const NODEJS_ECOSYSTEM = "Node.js";
export const NODEJS_PACKAGE = "node";

const npmSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  overview: z.string().optional(),
  recommendation: z.string().nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  publish_date: z.string().optional(),
  module_name: z.string().min(1),
  cves: z.array(z.string()).nullish(),
  vulnerable_versions: z.string({ error: "vulnerable_versions is missing" }),
  patched_versions: z.string().nullish(),
  references: z.array(z.string()).nullish(),
  cvss_vector: z.string().nullish(),
  cvss_score: z.number().nullish(),
  coordinating_vendor: z.string().nullish(),
});

const coreSchema = z.object({
  cve: z.array(z.string()),
  ref: z.string().optional(),
  vulnerable: z.string(),
  patched: z.string().optional(),
  description: z.string().optional(),
  overview: z.string().optional(),
  severity: z.string().optional(),
  publish_date: z.string().optional(),
  cvss: z.string().optional(),
  affectedEnvironments: z.array(z.string()).optional(),
});

/** "2018-12-27" -> "2018-12-27T00:00:00Z"; full timestamps are kept. */
function timestamp(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
}

function severityOf(vector: string | null | undefined): Severity[] | undefined {
  if (vector == null) return undefined;
  const type = cvssType(vector);
  return type === undefined ? undefined : [{ type, score: vector }];
}

/**
 * npm `vulnerable_versions` (a node-semver range) as OSV ECOSYSTEM ranges: each comparator set one
 * range (`>=a <b` -> introduced a / fixed b, `<=b` -> last_affected b, `*` -> introduced 0).
 * @throws Error saying why when the text is not a range or no alternative can match any version
 */
export function npmRanges(vulnerable: string): AffectedRange[] {
  if (vulnerable.trim() === "") throw new Error("vulnerable_versions is empty");
  let sets: (Interval | undefined)[];
  try {
    sets = semverRangeIntervals(vulnerable);
  } catch {
    throw new Error(`vulnerable_versions ${JSON.stringify(vulnerable)} is not a semver range`);
  }
  const ranges = sets
    .filter((s): s is Interval => s !== undefined)
    .map((s): AffectedRange => ({ type: "ECOSYSTEM", events: intervalEvents(s) }));
  if (ranges.length === 0)
    throw new Error(`vulnerable_versions ${JSON.stringify(vulnerable)} matches no version`);
  return ranges;
}

function npmAdvisory(r: z.infer<typeof npmSchema>, label: string): Advisory {
  const adv: Advisory = {
    id: `NSWG-ECO-${r.id}`,
    modified: timestamp(r.updated_at ?? r.publish_date ?? r.created_at ?? "1970-01-01"),
    aliases: (r.cves ?? []).filter((c) => c !== ""),
    summary: r.title,
    affected: [
      { package: { ecosystem: "npm", name: r.module_name }, ranges: npmRanges(r.vulnerable_versions) },
    ],
    references: [
      ...(r.references ?? []).map((url) => ({ type: "WEB", url })),
      { type: "ADVISORY", url: `https://github.com/nodejs/security-wg/blob/main/vuln/npm/${r.id}.json` },
    ],
    feed: label,
  };
  if (r.publish_date !== undefined) adv.published = timestamp(r.publish_date);
  const details = [r.overview, r.recommendation].filter(
    (s): s is string => typeof s === "string" && s !== "",
  );
  if (details.length > 0) adv.details = details.join("\n\n");
  const sev = severityOf(r.cvss_vector);
  if (sev !== undefined) adv.severity = sev;
  const specific: Record<string, unknown> = { vulnerable_versions: r.vulnerable_versions };
  if (r.patched_versions != null) specific["patched_versions"] = r.patched_versions;
  if (r.cvss_score != null) specific["cvss_score"] = r.cvss_score;
  adv.database_specific = specific;
  return adv;
}

/**
 * Node.js core `vulnerable` ("20.x || 22.x") minus `patched` ("^20.1.2 || ^22.3.4") as SEMVER ranges:
 * the versions in a vulnerable line and in no patched range.
 */
export function coreRanges(vulnerable: string, patched: string | undefined): AffectedRange[] {
  const vuln = semverRangeIntervals(vulnerable).filter((s): s is Interval => s !== undefined);
  const fixedSets =
    patched === undefined || patched.trim() === ""
      ? []
      : semverRangeIntervals(patched).filter((s): s is Interval => s !== undefined);
  const affected = intersectAll(
    union(vuln, compareSemver),
    complement(fixedSets, compareSemver),
    compareSemver,
  );
  if (affected.length === 0)
    throw new Error(
      `vulnerable ${JSON.stringify(vulnerable)} minus patched ${JSON.stringify(patched)} is empty`,
    );
  return affected.map((i) => ({ type: "SEMVER", events: intervalEvents(i) }));
}

function coreAdvisory(
  n: string,
  r: z.infer<typeof coreSchema>,
  label: string,
  fileModified: string,
): Advisory {
  const adv: Advisory = {
    id: `NSWG-CORE-${n}`,
    modified: r.publish_date === undefined ? fileModified : timestamp(r.publish_date),
    aliases: r.cve.filter((c) => c !== ""),
    affected: [
      {
        package: { ecosystem: NODEJS_ECOSYSTEM, name: NODEJS_PACKAGE },
        ranges: coreRanges(r.vulnerable, r.patched),
      },
    ],
    references: r.ref === undefined ? [] : [{ type: "ADVISORY", url: r.ref }],
    feed: label,
  };
  if (r.description !== undefined) adv.summary = r.description;
  if (r.overview !== undefined) adv.details = r.overview;
  if (r.publish_date !== undefined) adv.published = timestamp(r.publish_date);
  const sev = severityOf(r.cvss);
  if (sev !== undefined) adv.severity = sev;
  const specific: Record<string, unknown> = { vulnerable: r.vulnerable };
  if (r.patched !== undefined) specific["patched"] = r.patched;
  if (r.severity !== undefined) specific["severity"] = r.severity;
  if (r.affectedEnvironments !== undefined) specific["affectedEnvironments"] = r.affectedEnvironments;
  adv.database_specific = specific;
  return adv;
}

/**
 * Reads a Node.js security WG directory (or one `<n>.json` record of it), `vuln/npm` (npm package advisories, id NSWG-ECO-<n>) or
 * `vuln/core` (Node.js runtime advisories, id NSWG-CORE-<n>, ecosystem {@link NODEJS_ECOSYSTEM}).
 * `index.json` only repeats the records and is not read. A record whose ranges cannot be converted is
 * skipped with the reason. Counts advisories (record files).
 */
export async function* readNodejsSecurityWg(
  path: string,
  label: string,
  kind: "npm" | "core",
): AsyncGenerator<FeedItem, FeedSummary> {
  const single = !(await stat(path)).isDirectory();
  const dir = single ? dirname(path) : path;
  const files = (single ? [basename(path)] : await readdir(dir))
    .filter((n) => /^\d+\.json$/.test(n))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  let count = 0;
  let bad = 0;
  for (const name of files) {
    count++;
    const file = join(dir, name);
    const n = basename(name, ".json");
    const json = await readJsonFile(file, label);
    let item: FeedItem;
    try {
      if (kind === "npm") {
        const parsed = npmSchema.safeParse(json);
        item = parsed.success
          ? { kind: "advisory", advisory: npmAdvisory(parsed.data, label) }
          : skipped(label, name, firstIssue(parsed.error));
      } else {
        const parsed = coreSchema.safeParse(json);
        item = parsed.success
          ? { kind: "advisory", advisory: coreAdvisory(n, parsed.data, label, await fileTime(file)) }
          : skipped(label, name, firstIssue(parsed.error));
      }
    } catch (e) {
      item = skipped(label, name, (e as Error).message);
    }
    if (item.kind === "skipped") bad++;
    yield item;
  }
  return { feed: "nodejs-security-wg", label, unit: "advisories", count, skipped: bad };
}
