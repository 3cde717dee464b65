import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { FeedItem, FeedSummary } from "../feed.js";
import { parseJsonText, readFileText, skipped } from "./common.js";
import { OsvRecordIssue, osvRecordToAdvisory } from "./osv-record.js";
import { zipEntries } from "./zip.js";

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
    return { kind: "advisory", advisory: osvRecordToAdvisory(json, feed) };
  } catch (e) {
    if (!(e instanceof OsvRecordIssue)) throw e;
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
 * directory of `.json` records, or one `.json` record (`kind`, found from the path when not given).
 * Zip entries are read one at a time. Counts records; the summary date is the newest `modified`.
 */
export async function* readOsv(
  path: string,
  label: string,
  kindOfPath?: "zip" | "dir" | "file",
): AsyncGenerator<FeedItem, FeedSummary> {
  const kind =
    kindOfPath ?? ((await stat(path)).isDirectory() ? "dir" : path.endsWith(".zip") ? "zip" : "file");
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
