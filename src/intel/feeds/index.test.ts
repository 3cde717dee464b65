import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../errors.js";
import { detectFeeds, readFeed } from "./index.js";
import { advisories, collect, FEEDS, tempDir, writeZip } from "./test-support/feeds.js";

describe("detectFeeds", () => {
  test("finds every feed of the real snapshot folder by layout and content", async () => {
    const found = (await detectFeeds(FEEDS)).map(
      (f) => `${f.feed} ${f.label} ${f.path.slice(FEEDS.length + 1)}`,
    );
    const alpine = ["3", "4", "5", "6", "7", "8", "9", "10", "11"].flatMap((v) =>
      ["community", "main"].map(
        (r) => `alpine-secdb alpine-secdb:v3.${v}/${r} alpine-secdb/v3.${v}/${r}.json`,
      ),
    );
    assert.deepEqual(
      found.sort(),
      [
        ...alpine,
        "chainguard-secdb chainguard-secdb chainguard/security.json",
        "cisa-kev cisa-kev cisa-kev/known_exploited_vulnerabilities.json",
        "cve-v5 cve-v5 cve-v5/vulnrichment-sample.zip",
        "debian-dla debian-dla debian/security-tracker-data/DLA/list",
        "debian-dsa debian-dsa debian/security-tracker-data/DSA/list",
        "debian-tracker debian-tracker debian/tracker-json-sample/json",
        "endoflife endoflife endoflife",
        "epss epss epss/epss_scores-2026-08-15.csv.gz",
        "friendsofphp friendsofphp friendsofphp/security-advisories-master.zip",
        "nodejs-security-wg nodejs-security-wg:core nodejs-security-wg/vuln/core",
        "nodejs-security-wg nodejs-security-wg:npm nodejs-security-wg/vuln/npm",
        "nvd nvd:cves-page-2023-10-18.json nvd/api-2.0-samples/cves-page-2023-10-18.json",
        "nvd nvd:cves-single-entry.json nvd/api-2.0-samples/cves-single-entry.json",
        "osv osv:AlmaLinux osv/AlmaLinux/all.zip",
        "osv osv:Go osv/Go/all.zip",
        "osv osv:PyPI osv/PyPI/all.zip",
        "osv osv:crates.io osv/crates.io/all.zip",
        "rubysec rubysec rubysec/ruby-advisory-db-master.zip",
        "wolfi-secdb wolfi-secdb wolfi/security.json",
      ].sort(),
    );
  });

  test("accepts one feed file or one feed folder", async () => {
    assert.deepEqual(await detectFeeds(join(FEEDS, "debian/tracker-json-sample/json")), [
      {
        feed: "debian-tracker",
        label: "debian-tracker",
        path: join(FEEDS, "debian/tracker-json-sample/json"),
      },
    ]);
    assert.deepEqual(
      (await detectFeeds(join(FEEDS, "nodejs-security-wg/vuln/npm"))).map((f) => f.label),
      ["nodejs-security-wg:npm"],
    );
    assert.deepEqual(
      (await detectFeeds(join(FEEDS, "endoflife/products"))).map((f) => [f.feed, f.path]),
      [["endoflife", join(FEEDS, "endoflife/products")]],
    );
    assert.deepEqual(
      await detectFeeds(join(FEEDS, "artifacts")),
      [],
      "lockfiles, images and dpkg status are not feeds",
    );
  });

  test("recognises a directory of OSV records and unpacked RubySec / FriendsOfPHP trees by content", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await mkdir(join(dir, "records"));
      await writeFile(
        join(dir, "records/DEBIAN-CVE-2024-1.json"),
        JSON.stringify({
          id: "DEBIAN-CVE-2024-1",
          modified: "2024-01-01T00:00:00Z",
          affected: [{ package: { ecosystem: "Debian:12", name: "x" } }],
        }),
      );
      await mkdir(join(dir, "ruby-advisory-db/gems/rack"), { recursive: true });
      await writeFile(join(dir, "ruby-advisory-db/gems/rack/CVE-2020-1.yml"), "gem: rack\n");
      await mkdir(join(dir, "php/acme/tool"), { recursive: true });
      await writeFile(join(dir, "php/acme/tool/x.yaml"), "title: t\nreference: composer://acme/tool\n");
      const found = (await detectFeeds(dir)).map(
        (f) => `${f.feed} ${f.label} ${f.path.slice(dir.length + 1)}`,
      );
      assert.deepEqual(found.sort(), [
        "friendsofphp friendsofphp php",
        "osv osv:Debian:12 records",
        "rubysec rubysec ruby-advisory-db",
      ]);
    } finally {
      await cleanup();
    }
  });

  test("a zip with an unsafe entry path is rejected at detection too", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeZip(join(dir, "all.zip"), { "../../evil.json": "{}" });
      await assert.rejects(
        detectFeeds(dir),
        (e: unknown) => e instanceof InputError && /unsafe path/.test(e.message),
      );
    } finally {
      await cleanup();
    }
  });
});

describe("readFeed", () => {
  test("dispatches a detected feed to its reader and returns the summary", async () => {
    const [tracker] = await detectFeeds(join(FEEDS, "debian/tracker-json-sample/json"));
    assert.ok(tracker);
    const { items, summary } = await collect(readFeed(tracker));
    assert.deepEqual([summary.feed, summary.count], ["debian-tracker", 7]);
    assert.equal(advisories(items)[0]?.feed, "debian-tracker");
    const [eol] = await detectFeeds(join(FEEDS, "endoflife/products/go.md"));
    assert.ok(eol);
    const r = await collect(readFeed(eol));
    assert.deepEqual([r.summary.count, r.summary.unit], [18, "cycles (1 product)"]);
  });
});

test("readFeed reads one npm security-wg record file pointed at directly", async () => {
  const [one] = await detectFeeds(join(FEEDS, "nodejs-security-wg/vuln/npm/1.json"));
  assert.deepEqual([one?.feed, one?.label], ["nodejs-security-wg", "nodejs-security-wg:npm"]);
  assert.ok(one);
  const { items, summary } = await collect(readFeed(one));
  assert.equal(summary.count, 1);
  assert.equal(advisories(items)[0]?.id, "NSWG-ECO-1");
});
