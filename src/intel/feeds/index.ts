import { stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { compareVersions } from "../../versions/index.js";
import type { DetectedFeed, FeedItem, FeedSummary } from "../feed.js";
import { readCveV5 } from "./cve-v5.js";
import { readDebianList } from "./debian-lists.js";
import { readDebianTracker } from "./debian-tracker.js";
import { type EndoflifeSources, readEndoflife } from "./endoflife.js";
import { readEpss } from "./epss.js";
import { readFriendsOfPhp } from "./friendsofphp.js";
import { readKev } from "./kev.js";
import { readNodejsSecurityWg } from "./nodejs-security-wg.js";
import { readNvd } from "./nvd.js";
import { readOsv } from "./osv.js";
import { readRubysec } from "./rubysec.js";
import { readSecdb } from "./secdb.js";

export { detectFeeds } from "./detect.js";
export { NODEJS_ECOSYSTEM, NODEJS_PACKAGE } from "./nodejs-security-wg.js";

/** Where the two endoflife.date sources are, for a detected path (checkout root, one folder, or one file). */
async function endoflifeSources(path: string): Promise<EndoflifeSources> {
  if (!(await stat(path)).isDirectory()) return { files: [path] };
  if (basename(path) === "products") return { products: path };
  if (basename(path) === "releases" && basename(dirname(path)) === "release-data") return { releases: path };
  return { products: join(path, "products"), releases: join(path, "release-data", "releases") };
}

/** readEndoflife over the sources found at a detected path. */
async function* readEndoflifeAt(path: string, label: string): AsyncGenerator<FeedItem, FeedSummary> {
  return yield* readEndoflife(await endoflifeSources(path), label);
}

/**
 * Reads one detected feed: yields its records in the normalised model one at a time (advisories, NVD
 * records, CVE records, KEV entries, EPSS scores, end-of-life cycles) and `skipped` items for bad records, and returns
 * the summary with the count in the publisher's own unit. The reader's own generator is returned, not
 * wrapped: a delegating generator costs an extra await per record (360,000 of them for EPSS).
 * @throws InputError (naming feed and file) when the whole input is unusable
 */
export function readFeed(feed: DetectedFeed): AsyncGenerator<FeedItem, FeedSummary> {
  const { path, label } = feed;
  switch (feed.feed) {
    case "osv":
      return readOsv(path, label);
    case "debian-tracker":
      return readDebianTracker(path, label);
    case "debian-dsa":
    case "debian-dla":
      return readDebianList(path, label, feed.feed);
    case "alpine-secdb":
    case "wolfi-secdb":
    case "chainguard-secdb":
      return readSecdb(path, label, feed.feed);
    case "nvd":
      return readNvd(path, label);
    case "cve-v5":
      return readCveV5(path, label);
    case "cisa-kev":
      return readKev(path, label);
    case "epss":
      return readEpss(path, label);
    case "endoflife":
      return readEndoflifeAt(path, label);
    case "nodejs-security-wg":
      return readNodejsSecurityWg(path, label, label.endsWith(":core") ? "core" : "npm");
    case "rubysec":
      return readRubysec(path, label, (a, b) => compareVersions("RubyGems", a, b));
    case "friendsofphp":
      return readFriendsOfPhp(path, label);
  }
}
