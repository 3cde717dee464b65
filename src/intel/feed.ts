import type { Advisory } from "../model/advisory.js";
import type { CveRecord, EolCycle, EpssScore, KevEntry, NvdRecord } from "../model/intel.js";

/**
 * What every feed reader yields: records of the normalised model, one at a time (readers stream; a
 * feed of any size is read in bounded memory), plus a `skipped` item for one bad record among many.
 * A reader throws (an InputError naming the feed and the record) only when the whole input is unusable:
 * truncated archive, not JSON at all, unsafe zip entry path.
 */
export type FeedItem =
  | { kind: "advisory"; advisory: Advisory }
  | { kind: "nvd"; record: NvdRecord }
  | { kind: "cve"; record: CveRecord }
  | { kind: "kev"; entry: KevEntry }
  | { kind: "epss"; score: EpssScore }
  | { kind: "eol"; cycle: EolCycle }
  | { kind: "skipped"; feed: string; record: string; reason: string };

/** The feeds Vigil knows, by the name used in the database's build metadata and `db status`. */
export type FeedName =
  | "osv"
  | "debian-tracker"
  | "debian-dsa"
  | "debian-dla"
  | "alpine-secdb"
  | "wolfi-secdb"
  | "chainguard-secdb"
  | "nvd"
  | "cve-v5"
  | "cisa-kev"
  | "epss"
  | "endoflife"
  | "nodejs-security-wg"
  | "rubysec"
  | "friendsofphp";

/**
 * What a reader returns when it is done (the generator's return value): how many records of the feed's
 * own unit it read ("records" for OSV, "package entries" for secdb, "rows" for EPSS...), so that
 * `db status` can show counts that compare one to one with the publisher's.
 */
export interface FeedSummary {
  feed: FeedName;
  /** e.g. "osv:PyPI", "alpine-secdb:v3.11/main", "debian-dsa". */
  label: string;
  unit: string;
  count: number;
  skipped: number;
  /** The feed's own date (snapshot, catalog version, model date) when it states one. */
  date?: string;
}

/** A feed found in a directory by its layout and format. */
export interface DetectedFeed {
  feed: FeedName;
  label: string;
  path: string;
}
