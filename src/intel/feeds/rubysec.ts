import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Advisory, Severity } from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { cvssType, firstIssue, readFileText, skipped } from "./common.js";
import { gemAffectedIntervals } from "./gem-requirements.js";
import type { Compare } from "./intervals.js";
import { intervalEvents } from "./intervals.js";
import { zipEntries } from "./zip.js";

const scalar = z.union([z.string(), z.number().transform(String)]);
const dateLike = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const requirements = z.array(scalar).nullish();

/** One `gems/<gem>/<id>.yml` advisory of github.com/rubysec/ruby-advisory-db. */
const gemAdvisorySchema = z.object({
  gem: z.string().min(1),
  cve: scalar.nullish(),
  ghsa: scalar.nullish(),
  osvdb: scalar.nullish(),
  url: z.string().nullish(),
  title: z.string().nullish(),
  date: dateLike.nullish(),
  description: z.string().nullish(),
  cvss_v2: z.union([z.number(), z.string()]).nullish(),
  cvss_v3: z.union([z.number(), z.string()]).nullish(),
  cvss_v4: z.union([z.number(), z.string()]).nullish(),
  patched_versions: requirements,
  unaffected_versions: requirements,
  related: z.record(z.string(), z.array(scalar).nullish()).nullish(),
  notes: z.string().nullish(),
});

type GemAdvisory = z.infer<typeof gemAdvisorySchema>;

function withPrefix(prefix: string, id: string | null | undefined): string | undefined {
  if (id == null || id === "") return undefined;
  return id.startsWith(`${prefix}-`) ? id : `${prefix}-${id}`;
}

/**
 * Maps a RubySec gem advisory: id GHSA when present, else CVE, else OSVDB (the others become aliases);
 * ecosystem RubyGems; affected = versions matching no patched and no unaffected requirement, as
 * ECOSYSTEM ranges (ordered by `cmp`, the RubyGems version order). RubySec's cvss_v2/v3/v4 are base
 * scores, not vectors: a vector goes into `severity`, a bare score into database_specific.
 * @throws Error when the requirements cannot be converted
 */
export function gemAdvisoryToAdvisory(r: GemAdvisory, file: string, label: string, cmp: Compare): Advisory {
  const ghsa = withPrefix("GHSA", r.ghsa);
  const cve = withPrefix("CVE", r.cve);
  const osvdb = withPrefix("OSVDB", r.osvdb);
  const ids = [ghsa, cve, osvdb].filter((x): x is string => x !== undefined);
  const id = ids[0] ?? `RUBYSEC-${r.gem}-${file.replace(/\.ya?ml$/, "")}`;
  const intervals = gemAffectedIntervals(r.patched_versions ?? [], r.unaffected_versions ?? [], cmp);
  const modified = r.date == null ? "1970-01-01T00:00:00Z" : `${r.date}T00:00:00Z`;
  const adv: Advisory = {
    id,
    modified,
    aliases: ids.slice(1),
    affected: [
      {
        package: { ecosystem: "RubyGems", name: r.gem },
        ranges:
          intervals.length === 0 ? [] : [{ type: "ECOSYSTEM", events: intervals.flatMap(intervalEvents) }],
      },
    ],
    references: r.url == null ? [] : [{ type: "ADVISORY", url: r.url }],
    feed: label,
  };
  if (r.date != null) adv.published = modified;
  if (r.title != null) adv.summary = r.title;
  if (r.description != null) adv.details = r.description;
  const related = [
    ...(r.related?.["cve"] ?? []).map((c) => withPrefix("CVE", c)),
    ...(r.related?.["ghsa"] ?? []).map((g) => withPrefix("GHSA", g)),
  ];
  const relatedIds = related.filter((x): x is string => x !== undefined);
  if (relatedIds.length > 0) adv.related = relatedIds;
  for (const url of r.related?.["url"] ?? []) adv.references.push({ type: "WEB", url });
  const severity: Severity[] = [];
  const scores: Record<string, unknown> = {};
  for (const key of ["cvss_v2", "cvss_v3", "cvss_v4"] as const) {
    const v = r[key];
    if (v == null) continue;
    const type = typeof v === "string" ? cvssType(v) : undefined;
    if (type !== undefined) severity.push({ type, score: v as string });
    else scores[key] = typeof v === "number" ? v : Number(v);
  }
  if (severity.length > 0) adv.severity = severity;
  const specific: Record<string, unknown> = { ...scores };
  if (r.patched_versions != null) specific["patched_versions"] = r.patched_versions;
  if (r.unaffected_versions != null) specific["unaffected_versions"] = r.unaffected_versions;
  adv.database_specific = specific;
  return adv;
}

/** The place of a file in the advisory database: "gems/<gem>/<id>.yml", "rubies/…", or other. */
function kindOf(relativePath: string): { kind: "gem" | "ruby" | "other"; file: string } {
  const parts = relativePath.split("/");
  const file = parts[parts.length - 1] ?? "";
  if (!/\.ya?ml$/.test(file) || parts.length < 3) return { kind: "other", file };
  const folder = parts[parts.length - 3];
  return { kind: folder === "gems" ? "gem" : folder === "rubies" ? "ruby" : "other", file };
}

function parseGemAdvisory(text: string, path: string, label: string, cmp: Compare): FeedItem {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return skipped(label, path, `not valid YAML: ${(e as Error).message}`);
  }
  const parsed = gemAdvisorySchema.safeParse(doc);
  if (!parsed.success) return skipped(label, path, firstIssue(parsed.error));
  try {
    return { kind: "advisory", advisory: gemAdvisoryToAdvisory(parsed.data, kindOf(path).file, label, cmp) };
  } catch (e) {
    return skipped(label, path, (e as Error).message);
  }
}

async function* treeFiles(root: string): AsyncGenerator<string> {
  const entries = await readdir(root, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(root, e.name);
    if (e.isDirectory()) yield* treeFiles(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Reads github.com/rubysec/ruby-advisory-db, as its branch zip (`ruby-advisory-db-master/gems/<gem>/<id>.yml`)
 * or an unpacked tree. Gem advisories are counted (the summary count); the `rubies/` interpreter
 * advisories are not read (they concern Ruby itself, matched through endoflife and the distros).
 * `cmp` is the RubyGems version order.
 */
export async function* readRubysec(
  path: string,
  label: string,
  cmp: Compare,
): AsyncGenerator<FeedItem, FeedSummary> {
  let count = 0;
  let bad = 0;
  const isDir = (await stat(path)).isDirectory();
  const files = isDir ? treeFiles(path) : undefined;
  const handle = (item: FeedItem): FeedItem => {
    count++;
    if (item.kind === "skipped") bad++;
    return item;
  };
  if (files !== undefined) {
    for await (const file of files) {
      const rel = relative(path, file).split(sep).join("/");
      if (kindOf(rel).kind !== "gem") continue;
      yield handle(parseGemAdvisory(await readFileText(file, label), rel, label, cmp));
    }
  } else {
    for await (const entry of zipEntries(path, label)) {
      if (kindOf(entry.name).kind !== "gem") continue;
      yield handle(parseGemAdvisory(entry.read().toString("utf8"), entry.name, label, cmp));
    }
  }
  return { feed: "rubysec", label, unit: "gem advisories", count, skipped: bad };
}
