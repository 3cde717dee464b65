import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildOnce } from "../../../test/support/build-once.js";
import { importFeeds } from "../../intel/index.js";

/** The repository root and the shared feed snapshots beside it. */
export const REPO = resolve(import.meta.dirname, "../../..");
export const FEEDS = resolve(REPO, "../shared/feeds");

/** The feeds the scan tests match against: everything but the PHP, Ruby and Rust databases (not needed, slow to read). */
export const SCAN_TEST_FEEDS = [
  "debian",
  "nodejs-security-wg",
  "osv/PyPI",
  "osv/Go",
  "cisa-kev",
  "epss",
  "nvd",
  "endoflife",
].map((p) => join(FEEDS, p));

function sourceHash(dir: string, h: ReturnType<typeof createHash>): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceHash(p, h);
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) h.update(name).update(readFileSync(p));
  }
}

/**
 * A vulnerability database built from the real feed snapshots, once per (feeds, reader code) and shared
 * by every test file of a run: the key hashes the feed paths and the intel layer's source, so a change
 * to a reader rebuilds it. Concurrent test processes wait for the one that builds.
 */
export async function sharedScanDb(feeds: readonly string[] = SCAN_TEST_FEEDS): Promise<string> {
  const h = createHash("sha256");
  for (const f of feeds) h.update(f).update(String(statSync(f).mtimeMs));
  sourceHash(resolve(REPO, "src/intel"), h);
  const dir = join(tmpdir(), "vigil-test-dbs");
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `scan-${h.digest("hex").slice(0, 16)}.db`);
  return buildOnce(db, `${db}.building`, () => importFeeds(feeds, { db }));
}
