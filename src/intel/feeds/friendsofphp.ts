import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Advisory, AffectedRange, RangeEvent } from "../../model/advisory.js";
import type { FeedItem, FeedSummary } from "../feed.js";
import { firstIssue, readFileText, skipped } from "./common.js";
import { zipEntries } from "./zip.js";

const scalar = z.union([z.string(), z.number().transform(String)]);

/** One `<vendor>/<package>/<id>.yaml` advisory of github.com/FriendsOfPHP/security-advisories. */
const fopSchema = z.object({
  title: z.string(),
  link: z.string().nullish(),
  cve: z.string().nullish(),
  reference: z.string().regex(/^composer:\/\/[^/\s]+\/[^/\s]+$/, "expected composer://vendor/package"),
  branches: z.record(
    z.string(),
    z.object({
      time: z.union([z.string(), z.date().transform((d) => d.toISOString())]).nullish(),
      versions: z.array(scalar).min(1),
    }),
  ),
});

const CONSTRAINT = /^\s*(>=|<=|>|<|==|=)?\s*(\S+)\s*$/;

/**
 * One branch's `versions: ['>=1.0', '<1.2']` as one ECOSYSTEM range: a lower bound gives introduced
 * (a missing one introduced 0; `>x`, which OSV cannot say, introduced x), `<x` fixed x, `<=x`
 * last_affected x, `=x` / `x` introduced and last_affected x.
 * @throws Error naming the constraint when it is not one of these forms
 */
export function fopBranchRange(versions: readonly string[]): AffectedRange {
  let introduced: string | undefined;
  let end: RangeEvent | undefined;
  for (const text of versions) {
    const m = CONSTRAINT.exec(text);
    if (m === null) throw new Error(`version constraint ${JSON.stringify(text)} is not understood`);
    const op = m[1] ?? "=";
    const v = m[2] as string;
    if (op === ">=" || op === ">") introduced = v;
    else if (op === "<") end = { fixed: v };
    else if (op === "<=") end = { last_affected: v };
    else {
      introduced = v;
      end = { last_affected: v };
    }
  }
  const events: RangeEvent[] = [{ introduced: introduced ?? "0" }];
  if (end !== undefined) events.push(end);
  return { type: "ECOSYSTEM", events };
}

/**
 * Maps a FriendsOfPHP advisory: ecosystem Packagist, package from `reference: composer://vendor/package`,
 * one range per branch, id the CVE when there is one (several packages can share a CVE: the store merges
 * records with the same id), else `FOP-<vendor>/<package>/<file>` (stable: the file's path).
 */
export function fopToAdvisory(r: z.infer<typeof fopSchema>, relPath: string, label: string): Advisory {
  const name = r.reference.slice("composer://".length);
  const file = relPath
    .split("/")
    .slice(-3)
    .join("/")
    .replace(/\.ya?ml$/, "");
  const cve = r.cve != null && /^CVE-\d{4}-\d+$/.test(r.cve.trim()) ? r.cve.trim() : undefined;
  const times = Object.values(r.branches)
    .map((b) => b.time)
    .filter((t): t is string => typeof t === "string")
    .sort();
  const modified =
    times.length === 0 ? "1970-01-01T00:00:00Z" : toTimestamp(times[times.length - 1] as string);
  const adv: Advisory = {
    id: cve ?? `FOP-${file}`,
    modified,
    aliases: cve === undefined ? [] : [`FOP-${file}`],
    summary: r.title,
    affected: [
      {
        package: { ecosystem: "Packagist", name },
        ranges: Object.values(r.branches).map((b) => fopBranchRange(b.versions)),
      },
    ],
    references: r.link == null ? [] : [{ type: "ADVISORY", url: r.link }],
    feed: label,
  };
  if (times.length > 0) adv.published = toTimestamp(times[0] as string);
  if (cve !== undefined) adv.upstream = [cve];
  return adv;
}

/** "2015-08-06 22:08:00" -> "2015-08-06T22:08:00Z". */
function toTimestamp(t: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(t);
  if (m !== null) return `${m[1]}T${m[2]}Z`;
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t;
}

function parseFop(text: string, relPath: string, label: string): FeedItem {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return skipped(label, relPath, `not valid YAML: ${(e as Error).message}`);
  }
  const parsed = fopSchema.safeParse(doc);
  if (!parsed.success) return skipped(label, relPath, firstIssue(parsed.error));
  try {
    return { kind: "advisory", advisory: fopToAdvisory(parsed.data, relPath, label) };
  } catch (e) {
    return skipped(label, relPath, (e as Error).message);
  }
}

async function* yamlFiles(root: string): AsyncGenerator<string> {
  const entries = await readdir(root, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(root, e.name);
    if (e.isDirectory()) yield* yamlFiles(p);
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) yield p;
  }
}

/**
 * Reads github.com/FriendsOfPHP/security-advisories, as its branch zip or an unpacked tree: every
 * `<vendor>/<package>/<id>.yaml`. Counts advisories.
 */
export async function* readFriendsOfPhp(path: string, label: string): AsyncGenerator<FeedItem, FeedSummary> {
  let count = 0;
  let bad = 0;
  const handle = (item: FeedItem): FeedItem => {
    count++;
    if (item.kind === "skipped") bad++;
    return item;
  };
  if ((await stat(path)).isDirectory()) {
    for await (const file of yamlFiles(path)) {
      const rel = relative(path, file).split(sep).join("/");
      if (rel.split("/").length < 3 || rel.startsWith(".")) continue;
      yield handle(parseFop(await readFileText(file, label), rel, label));
    }
  } else {
    for await (const entry of zipEntries(path, label)) {
      if (!/\.ya?ml$/.test(entry.name) || entry.name.split("/").length < 3 || entry.name.includes("/."))
        continue;
      yield handle(parseFop(entry.read().toString("utf8"), entry.name, label));
    }
  }
  return { feed: "friendsofphp", label, unit: "advisories", count, skipped: bad };
}
