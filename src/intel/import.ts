import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { errorMessage, InputError } from "../errors.js";
import { VERSION } from "../version.js";
import { type ChangeSet, computeChangeSet } from "./db/changeset.js";
import { lockDb, publish, removeFile, removeLeftovers, tempPathFor } from "./db/files.js";
import { type FeedRow, VulnDbWriter } from "./db/writer.js";
import type { DetectedFeed, FeedSummary } from "./feed.js";
import { detectFeeds, readFeed } from "./feeds/index.js";

/** One bad record a feed reader skipped. */
export interface SkippedRecord {
  feed: string;
  record: string;
  reason: string;
}

/** Where a feed's files came from, when they were downloaded (for the `feeds` table). */
export interface FeedProvenance {
  source: string;
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/** Progress of a build, one event per feed. */
export type BuildEvent =
  | { type: "feed-start"; feed: DetectedFeed }
  | { type: "feed-done"; feed: DetectedFeed; summary: FeedSummary; seconds: number };

export interface BuildOptions {
  /** The database to replace. */
  db: string;
  /** Provenance of a detected feed (by default its local path). */
  provenance?: (feed: DetectedFeed) => FeedProvenance | undefined;
  onEvent?: (event: BuildEvent) => void;
  /** The clock, for built_at / imported_at. */
  now?: () => Date;
}

/** What a build did. */
export interface BuildResult {
  db: string;
  builtAt: string;
  feeds: FeedRow[];
  /** Records stored (all kinds). */
  records: number;
  skippedTotal: number;
  /** The first 100 skipped records, with the reason. */
  skipped: SkippedRecord[];
  seconds: number;
  changes: ChangeSet;
}

export interface ImportResult extends BuildResult {
  /** Leftovers of killed runs that were removed first. */
  removedLeftovers: string[];
}

const MAX_SKIPPED_LISTED = 100;

/**
 * `vigil db import`: reads every feed found in the given files or directories and replaces the database
 * at options.db with one built from them, atomically. Returns what changed.
 * @throws InputError naming the feed when one cannot be read (the database is then left as it was)
 */
export async function importFeeds(inputs: readonly string[], options: BuildOptions): Promise<ImportResult> {
  const feeds: DetectedFeed[] = [];
  for (const input of inputs) {
    const path = resolve(input);
    if (!existsSync(path)) throw new InputError(input, "no such file or directory");
    const found = await detectFeeds(path);
    if (found.length === 0) {
      throw new InputError(
        input,
        "no known feed found here (OSV zips, Debian tracker, secdb, NVD, KEV, EPSS, endoflife...)",
      );
    }
    feeds.push(...found);
  }
  const lock = lockDb(options.db);
  try {
    const removedLeftovers = removeLeftovers(options.db);
    return { ...(await buildDatabase(feeds, options)), removedLeftovers };
  } finally {
    lock.release();
  }
}

/**
 * Builds a new database from detected feeds into a temp file beside options.db, computes the change set
 * against the current database, and renames the new file over it. The caller holds the db lock.
 * Nothing is swapped in when any feed fails.
 */
export async function buildDatabase(
  feeds: readonly DetectedFeed[],
  options: BuildOptions,
): Promise<BuildResult> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const temp = tempPathFor(options.db);
  const writer = new VulnDbWriter(temp);
  const rows: FeedRow[] = [];
  const skipped: SkippedRecord[] = [];
  let skippedTotal = 0;
  let records = 0;
  try {
    for (const feed of feeds) {
      options.onEvent?.({ type: "feed-start", feed });
      const feedStarted = performance.now();
      const items = readFeed(feed);
      let summary: FeedSummary;
      try {
        for (;;) {
          const next = await items.next();
          if (next.done) {
            summary = next.value;
            break;
          }
          const item = next.value;
          if (item.kind === "skipped") {
            skippedTotal++;
            if (skipped.length < MAX_SKIPPED_LISTED)
              skipped.push({ feed: item.feed, record: item.record, reason: item.reason });
            continue;
          }
          writer.add(item);
          records++;
        }
      } catch (e) {
        throw new InputError(
          `feed ${feed.label} (${feed.path})`,
          `${errorMessage(e)}; nothing was changed in ${options.db}`,
          { cause: e },
        );
      }
      const provenance = options.provenance?.(feed);
      const row: FeedRow = {
        label: summary.label,
        feed: summary.feed,
        source: provenance?.source ?? feed.path,
        etag: provenance?.etag,
        lastModified: provenance?.lastModified,
        date: summary.date,
        count: summary.count,
        unit: summary.unit,
        skipped: summary.skipped,
      };
      writer.addFeed(row, now().toISOString());
      rows.push(row);
      options.onEvent?.({
        type: "feed-done",
        feed,
        summary,
        seconds: (performance.now() - feedStarted) / 1000,
      });
    }
    const builtAt = now().toISOString();
    writer.finish({ vigilVersion: VERSION, builtAt });
    const changes = computeChangeSet(temp, options.db);
    publish(temp, options.db);
    return {
      db: options.db,
      builtAt,
      feeds: rows,
      records,
      skippedTotal,
      skipped,
      seconds: (performance.now() - started) / 1000,
      changes,
    };
  } catch (e) {
    writer.abort();
    removeFile(temp);
    throw e;
  }
}
