import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FEEDS_DIR, type FeedServer, startFeedServer } from "../../test/intel/feed-server.js";
import { openVulnDb } from "./db/reader.js";
import { tempDir } from "./db/test-support/build.js";
import { feedCacheDir, type UpdateEvent, updateDb } from "./update.js";

const tmp = tempDir("vigil-update-");
let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

const FEEDS = ["osv:crates.io", "cisa-kev", "nvd", "endoflife"];
const fast = { retries: 2, backoffMs: 5 };

function status(db: string) {
  const v = openVulnDb(db);
  try {
    return v.status();
  } finally {
    v.close();
  }
}

describe("db update from an HTTP mirror", () => {
  const db = join(tmp.dir, "a", "vuln.db");

  test("first update downloads the chosen feeds, lists directory feeds from the mirror index, builds the db", async () => {
    const r = await updateDb({ db, mirror: server.url, feeds: FEEDS, download: fast });
    const labels = r.feeds.map((f) => f.label).sort();
    assert.deepEqual(labels, [
      "cisa-kev",
      "endoflife",
      "nvd:cves-page-2023-10-18.json",
      "nvd:cves-single-entry.json",
      "osv:crates.io",
    ]);
    assert.ok(r.downloads.every((d) => d.result === "fetched"));
    assert.equal(r.changes.baseline, "none");
    const s = status(db);
    const kev = s.feeds.find((f) => f.label === "cisa-kev")!;
    assert.equal(kev.count, 1404);
    assert.equal(kev.source, `${server.url}/cisa-kev/known_exploited_vulnerabilities.json`);
    assert.match(kev.etag ?? "", /^"\d+-\d+"$/);
    assert.equal(s.feeds.find((f) => f.label === "osv:crates.io")!.count, 1206);
    assert.equal(s.feeds.find((f) => f.label === "endoflife")!.source, `${server.url}/endoflife`);
  });

  test("second update: every file answers 304, the cached copies are re-used, nothing changes", async () => {
    const before = server.control.log.length;
    const r = await updateDb({ db, mirror: server.url, feeds: FEEDS, download: fast });
    const fetched = server.control.log
      .slice(before)
      .filter((l) => l.status === 200)
      .map((l) => l.path);
    assert.deepEqual(fetched, ["/vigil-mirror-index.txt"]);
    assert.ok(r.downloads.length > 30);
    assert.ok(r.downloads.every((d) => d.result === "not-modified"));
    assert.equal(r.changes.baseline, "previous");
    assert.deepEqual(r.changes.totals, { keys: 0, gained: 0, lost: 0, changed: 0 });
    assert.equal(status(db).feeds.find((f) => f.label === "osv:crates.io")!.count, 1206);
  });

  test("--feeds: only the chosen feed is fetched, the others keep their cached copy", async () => {
    const before = server.control.log.length;
    const r = await updateDb({ db, mirror: server.url, feeds: ["cisa-kev"], download: fast });
    assert.deepEqual(
      server.control.log.slice(before).map((l) => l.path),
      ["/cisa-kev/known_exploited_vulnerabilities.json"],
    );
    assert.equal(r.feeds.length, 5);
  });

  test("a truncated zip: error names the feed, the old database and the cache stay, no temp file is left", async () => {
    const zip = readFileSync(join(FEEDS_DIR, "osv/crates.io/all.zip"));
    const dbBefore = readFileSync(db);
    const builtBefore = status(db).builtAt;
    server.control.override.set("/osv/crates.io/all.zip", zip.subarray(0, Math.floor(zip.length * 0.6)));
    try {
      await assert.rejects(
        updateDb({ db, mirror: server.url, feeds: ["osv:crates.io"], download: fast }),
        (e: Error) => {
          assert.match(e.message, /feed osv:crates\.io/);
          assert.match(e.message, /nothing was changed/);
          return true;
        },
      );
    } finally {
      server.control.override.clear();
    }
    assert.deepEqual(readFileSync(db), dbBefore);
    assert.equal(status(db).builtAt, builtBefore);
    const cached = readFileSync(join(feedCacheDir(db), "osv/crates.io/all.zip"));
    assert.deepEqual(cached, zip);
    assert.deepEqual(readdirSync(join(tmp.dir, "a")).sort(), ["vuln.db", "vuln.db.feeds"]);
  });

  test("a download failing on every attempt names the feed and the URL; the database stays", async () => {
    const builtBefore = status(db).builtAt;
    const path = "/cisa-kev/known_exploited_vulnerabilities.json";
    server.control.override.set(path, Buffer.from("{}"));
    server.control.dropConnection.set(path, 5);
    try {
      await assert.rejects(
        updateDb({ db, mirror: server.url, feeds: ["cisa-kev"], download: { retries: 1, backoffMs: 5 } }),
        (e: Error) => {
          assert.match(
            e.message,
            /^feed cisa-kev: http:\/\/127\.0\.0\.1:\d+\/cisa-kev\/known_exploited_vulnerabilities\.json: /,
          );
          assert.match(e.message, /after 2 attempts.*nothing was changed in/);
          return true;
        },
      );
    } finally {
      server.control.override.clear();
      server.control.dropConnection.clear();
    }
    assert.equal(status(db).builtAt, builtBefore);
  });

  test("an unknown feed name is refused with the known ones", async () => {
    await assert.rejects(
      updateDb({ db, mirror: server.url, feeds: ["osv", "nope"] }),
      /--feeds: unknown feed nope; known: osv,/,
    );
  });
});

describe("db update housekeeping", () => {
  test("leftovers of a killed run are removed on the next run", async () => {
    const dir = join(tmp.dir, "b");
    mkdirSync(join(dir, "vuln.db.feeds.tmp-999999-abcd1234", "osv"), { recursive: true });
    writeFileSync(join(dir, "vuln.db.tmp-999999-0badc0de"), "half a database");
    writeFileSync(join(dir, "vuln.db.lock"), "999999");
    const events: UpdateEvent[] = [];
    const r = await updateDb({
      db: join(dir, "vuln.db"),
      mirror: server.url,
      feeds: ["cisa-kev"],
      download: fast,
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(r.removedLeftovers.sort(), [
      "vuln.db.feeds.tmp-999999-abcd1234",
      "vuln.db.tmp-999999-0badc0de",
    ]);
    assert.deepEqual(readdirSync(dir).sort(), ["vuln.db", "vuln.db.feeds"]);
    assert.ok(events.some((e) => e.type === "download-progress"));
  });

  test("a directory mirror is read directly, and an unchanged file is not copied again", async () => {
    const db = join(tmp.dir, "c", "vuln.db");
    const first = await updateDb({ db, mirror: FEEDS_DIR, feeds: ["cisa-kev", "endoflife"] });
    assert.ok(first.downloads.length > 30 && first.downloads.every((d) => d.result === "fetched"));
    const second = await updateDb({ db, mirror: FEEDS_DIR, feeds: ["cisa-kev", "endoflife"] });
    assert.ok(second.downloads.every((d) => d.result === "not-modified"));
    assert.equal(status(db).feeds.find((f) => f.label === "endoflife")!.count, 329);
    assert.ok(statSync(join(feedCacheDir(db), "endoflife/products/debian.md")).isFile());
    assert.ok(!existsSync(`${db}.lock`));
  });
});

describe("db update from the NVD CVE API 2.0", () => {
  test("pages through the API, then fetches only what changed since (lastModStartDate)", async () => {
    const sample = JSON.parse(
      readFileSync(join(FEEDS_DIR, "nvd/api-2.0-samples/cves-page-2023-10-18.json"), "utf8"),
    ) as {
      vulnerabilities: unknown[];
    };
    const queries: URLSearchParams[] = [];
    const api = createServer((req, res) => {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      queries.push(q);
      const all = q.has("lastModStartDate") ? sample.vulnerabilities.slice(0, 3) : sample.vulnerabilities;
      const start = Number(q.get("startIndex"));
      const page = all.slice(start, start + 20);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          resultsPerPage: page.length,
          startIndex: start,
          totalResults: all.length,
          format: "NVD_CVE",
          version: "2.0",
          timestamp: "2023-10-18T18:04:18.493",
          vulnerabilities: page,
        }),
      );
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/rest/json/cves/2.0`;
      const sources = [{ name: "nvd", group: "nvd", kind: "nvd" as const, dir: "nvd", url }];
      const db = join(tmp.dir, "nvd", "vuln.db");
      let now = new Date("2026-11-26T10:00:00.000Z");
      const first = await updateDb({ db, sources, nvdPageDelayMs: 0, now: () => now });
      assert.deepEqual(
        queries.map((q) => [q.get("startIndex"), q.get("lastModStartDate")]),
        [
          ["0", null],
          ["20", null],
        ],
      );
      assert.equal(first.records, 38);
      now = new Date("2026-11-27T10:00:00.000Z");
      const second = await updateDb({ db, sources, nvdPageDelayMs: 0, now: () => now });
      assert.equal(queries[2]?.get("lastModStartDate"), "2026-11-26T10:00:00.000Z");
      assert.equal(queries[2]?.get("lastModEndDate"), "2026-11-27T10:00:00.000Z");
      // The earlier pages are kept; the new page adds to them.
      assert.equal(second.feeds.length, 3);
      assert.equal(second.records, 41);
      const v = openVulnDb(db);
      try {
        assert.ok(v.nvd("CVE-2023-27314"));
      } finally {
        v.close();
      }
    } finally {
      api.close();
    }
  });
});
