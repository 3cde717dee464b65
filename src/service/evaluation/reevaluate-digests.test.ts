import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { importFeeds } from "../../intel/index.js";
import { FEEDS } from "../test-support/fixtures.js";
import { keyDigests } from "./reevaluate-on-update.js";

/** The Node.js runtime's key (src/intel/feeds/nodejs-security-wg.ts). */
const NODE_KEY = "Node.js\u0000node";

/**
 * Real feed folders whose readers have no date for some records and fall back to the file's mtime:
 * Node.js core records without publish_date, Alpine secdb, the Debian tracker JSON.
 */
const FEED_DIRS = [
  join(FEEDS, "nodejs-security-wg"),
  join(FEEDS, "alpine-secdb/v3.10"),
  join(FEEDS, "debian/tracker-json-sample"),
];

/** Sets the mtime (and atime) of everything under path to time. */
function touchAll(path: string, time: Date): void {
  if (statSync(path).isDirectory()) for (const n of readdirSync(path)) touchAll(join(path, n), time);
  utimesSync(path, time, time);
}

/** Copies the feed folders under dir, as a fresh download would leave them (all files dated mtime). */
function copyFeeds(dir: string, mtime: Date): string[] {
  return FEED_DIRS.map((src, i) => {
    const dest = join(dir, `${i}-${basename(src)}`);
    cpSync(src, dest, { recursive: true });
    touchAll(dest, mtime);
    return dest;
  });
}

describe("per-key advisory digests of rebuilt vulnerability databases", () => {
  let dir: string;
  let first: Map<string, string>;
  let second: Map<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "vigil-digests-"));
    // The same feed content, fetched at two different times and imported at two different times.
    const a = copyFeeds(join(dir, "a"), new Date("2025-01-01T00:00:00Z"));
    const b = copyFeeds(join(dir, "b"), new Date("2025-06-01T12:00:00Z"));
    await importFeeds(a, { db: join(dir, "a.db"), now: () => new Date("2026-01-01T00:00:00Z") });
    await importFeeds(b, { db: join(dir, "b.db"), now: () => new Date("2026-02-01T00:00:00Z") });
    first = keyDigests(join(dir, "a.db")).digests;
    second = keyDigests(join(dir, "b.db")).digests;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the runtime key and every feed's keys are present", () => {
    assert.ok(first.has(NODE_KEY));
    const ecosystems = new Set([...first.keys()].map((k) => k.split("\u0000")[0]));
    for (const e of ["Node.js", "npm", "Alpine:v3.10"]) assert.ok(ecosystems.has(e), e);
    assert.ok(
      [...ecosystems].some((e) => e?.startsWith("Debian:")),
      [...ecosystems].join(", "),
    );
  });

  test("depend only on advisory content: every key has the same digest in both", () => {
    assert.equal(second.size, first.size);
    const differing = [...first]
      .filter(([k, d]) => second.get(k) !== d)
      .map(([k]) => k.replace("\u0000", " "));
    assert.deepEqual(differing, []);
  });
});
