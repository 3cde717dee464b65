import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { openVulnDb } from "./db/reader.js";
import { tempDir } from "./db/test-support/build.js";
import { importFeeds } from "./import.js";

const tmp = tempDir("vigil-import-");
after(tmp.cleanup);

function osvRecord(id: string, name: string, fixed: string, modified = "2026-01-01T00:00:00Z"): string {
  return JSON.stringify({
    id,
    modified,
    aliases: [],
    affected: [
      {
        package: { ecosystem: "PyPI", name },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed }] }],
      },
    ],
    references: [],
  });
}

test("import: one bad record is skipped and reported, the rest is stored", async () => {
  const feed = join(tmp.dir, "feed1", "osv", "PyPI");
  mkdirSync(feed, { recursive: true });
  writeFileSync(join(feed, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.0"));
  writeFileSync(join(feed, "PYSEC-2.json"), osvRecord("PYSEC-2", "flask", "1.0"));
  writeFileSync(
    join(feed, "PYSEC-3.json"),
    JSON.stringify({ id: "PYSEC-3", modified: "x", affected: "not a list" }),
  );
  const db = join(tmp.dir, "db1", "vuln.db");
  const r = await importFeeds([join(tmp.dir, "feed1")], { db });
  assert.equal(r.records, 2);
  assert.equal(r.skippedTotal, 1);
  assert.match(r.skipped[0]!.record, /PYSEC-3/);
  const v = openVulnDb(db);
  try {
    assert.deepEqual(
      v.advisoriesFor("PyPI", "Requests").map((a) => a.id),
      ["PYSEC-1"],
    );
    assert.equal(v.status().feeds[0]!.skipped, 1);
  } finally {
    v.close();
  }
});

test("import: invalid JSON makes the feed fail by name, and the previous database stays", async () => {
  const db = join(tmp.dir, "db2", "vuln.db");
  const good = join(tmp.dir, "feed2", "osv", "PyPI");
  mkdirSync(good, { recursive: true });
  writeFileSync(join(good, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.0"));
  const first = await importFeeds([join(tmp.dir, "feed2")], { db });
  const kev = join(tmp.dir, "feed3");
  mkdirSync(kev, { recursive: true });
  writeFileSync(
    join(kev, "known_exploited_vulnerabilities.json"),
    '{"catalogVersion": "2025.08.25", "vulnerabilities": [{"cveID": ',
  );
  await assert.rejects(importFeeds([join(tmp.dir, "feed2"), kev], { db }), (e: Error) => {
    assert.match(e.message, /^feed cisa-kev \(/);
    assert.match(e.message, /nothing was changed in/);
    return true;
  });
  const v = openVulnDb(db);
  try {
    assert.equal(v.status().builtAt, first.builtAt);
  } finally {
    v.close();
  }
  assert.deepEqual(readdirSync(join(tmp.dir, "db2")), ["vuln.db"]);
});

test("import: a re-import reports the changed package keys", async () => {
  const db = join(tmp.dir, "db4", "vuln.db");
  const dir = join(tmp.dir, "feed4", "osv", "PyPI");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.0"));
  await importFeeds([join(tmp.dir, "feed4")], { db });
  writeFileSync(join(dir, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.1", "2026-02-01T00:00:00Z"));
  writeFileSync(join(dir, "PYSEC-9.json"), osvRecord("PYSEC-9", "Flask", "3.0"));
  const r = await importFeeds([join(tmp.dir, "feed4")], { db });
  assert.deepEqual(r.changes.keys, [
    { ecosystem: "PyPI", name: "flask", gained: ["PYSEC-9"], lost: [], changed: [] },
    { ecosystem: "PyPI", name: "requests", gained: [], lost: [], changed: ["PYSEC-1"] },
  ]);
});

test("import: a path with no known feed is an input error naming it", async () => {
  const empty = join(tmp.dir, "empty");
  mkdirSync(empty);
  await assert.rejects(
    importFeeds([empty], { db: join(tmp.dir, "db3", "vuln.db") }),
    /empty: no known feed found here/,
  );
});
