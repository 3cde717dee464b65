import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../errors.js";
import { parseOsvDocument, readOsv } from "./osv.js";
import { advisories, collect, FEEDS, tempDir, writeZip } from "./test-support/feeds.js";

describe("OSV reader on the real osv.dev bucket zips", () => {
  test("PyPI/all.zip: 2,661 records, PYSEC-2021-335 keeps its CVE and GHSA aliases and GIT range", async () => {
    const { items, summary } = await collect(readOsv(join(FEEDS, "osv/PyPI/all.zip"), "osv:PyPI", "zip"));
    assert.deepEqual([summary.count, summary.skipped, summary.unit], [2661, 0, "records"]);
    assert.equal(summary.date, "2024-10-10T17:22:00.587279Z");
    const adv = advisories(items).find((a) => a.id === "PYSEC-2021-335");
    assert.ok(adv);
    assert.deepEqual(adv.aliases, ["CVE-2021-32807", "GHSA-qcx9-j53g-ccgf"]);
    assert.equal(adv.feed, "osv:PyPI");
    assert.deepEqual(adv.affected[0]?.package, {
      name: "accesscontrol",
      ecosystem: "PyPI",
      purl: "pkg:pypi/accesscontrol",
    });
    assert.ok(advisories(items).every((a) => a.affected.every((x) => x.package.ecosystem === "PyPI")));
  });

  test("Go/all.zip: 4,291 records with 6,125 affected entries; GO-2022-0969 has two ranges and ecosystem_specific", async () => {
    const { items, summary } = await collect(readOsv(join(FEEDS, "osv/Go/all.zip"), "osv:Go", "zip"));
    assert.deepEqual([summary.count, summary.skipped], [4291, 0]);
    const all = advisories(items);
    assert.equal(
      all.reduce((n, a) => n + a.affected.length, 0),
      6125,
    );
    const adv = all.find((a) => a.id === "GO-2022-0969");
    assert.ok(adv);
    assert.deepEqual(adv.aliases, ["CVE-2022-27664", "GHSA-69cg-p879-7622"]);
    assert.deepEqual(adv.affected[0]?.ranges?.[0]?.events, [
      { introduced: "0" },
      { fixed: "1.18.6" },
      { introduced: "1.19.0-0" },
      { fixed: "1.19.1" },
    ]);
    assert.ok(adv.affected[0]?.ecosystem_specific?.["imports"]);
    assert.equal(adv.database_specific?.["review_status"], "REVIEWED");
    assert.ok(all.find((a) => a.id === "GO-2022-0617")?.withdrawn, "withdrawn is kept");
  });

  test("crates.io/all.zip: 1,206 records; RUSTSEC-2016-0001 keeps its CVSS v3 vector and SEMVER range", async () => {
    const { items, summary } = await collect(
      readOsv(join(FEEDS, "osv/crates.io/all.zip"), "osv:crates.io", "zip"),
    );
    assert.deepEqual([summary.count, summary.skipped], [1206, 0]);
    const adv = advisories(items).find((a) => a.id === "RUSTSEC-2016-0001");
    assert.deepEqual(adv?.severity, [
      { type: "CVSS_V3", score: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H" },
    ]);
    assert.deepEqual(adv?.affected[0]?.ranges, [
      { type: "SEMVER", events: [{ introduced: "0.0.0-0" }, { fixed: "0.9.0" }] },
    ]);
  });
});

const DISTRO_RECORD = {
  id: "DEBIAN-CVE-2024-0001",
  modified: "2024-02-01T00:00:00Z",
  upstream: ["CVE-2024-0001"],
  related: ["UBUNTU-CVE-2024-0001"],
  affected: [
    {
      package: { ecosystem: "Debian:12", name: "openssl" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.0.11-1~deb12u2" }] }],
    },
    {
      package: { ecosystem: "Ubuntu:22.04:LTS", name: "openssl" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }],
    },
    { package: { ecosystem: "Alpine:v3.20", name: "openssl" }, versions: ["3.3.0-r0"] },
    {
      package: { ecosystem: "Red Hat:enterprise_linux:9::appstream", name: "openssl" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1:3.0.7-25.el9_3" }] }],
    },
  ],
  severity: [
    { type: "Ubuntu", score: "medium" },
    { type: "CVSS_V99", score: "x" },
  ],
};

describe("OSV reader on records made here", () => {
  test("a directory of records: distro ecosystems are kept, unknown severity types dropped, a bad record is skipped with its id", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(join(dir, "DEBIAN-CVE-2024-0001.json"), JSON.stringify(DISTRO_RECORD));
      await writeFile(join(dir, "BAD-1.json"), JSON.stringify({ id: "BAD-1", modified: 7 }));
      await writeFile(join(dir, "BROKEN.json"), "{ not json");
      const { items, summary } = await collect(readOsv(dir, "osv:test", "dir"));
      assert.deepEqual([summary.count, summary.skipped], [3, 2]);
      const adv = advisories(items)[0];
      assert.deepEqual(
        adv?.affected.map((a) => a.package.ecosystem),
        ["Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.20", "Red Hat:enterprise_linux:9::appstream"],
      );
      assert.deepEqual(adv?.severity, [{ type: "Ubuntu", score: "medium" }]);
      assert.deepEqual(adv?.upstream, ["CVE-2024-0001"]);
      const bad = items.find((i) => i.kind === "skipped" && i.record === "BAD-1");
      assert.ok(bad?.kind === "skipped" && bad.reason.includes("modified"));
      assert.ok(items.some((i) => i.kind === "skipped" && i.record === "BROKEN.json"));
    } finally {
      await cleanup();
    }
  });

  test("a zip entry named ../evil.json rejects the whole feed with an InputError naming feed and entry", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "all.zip");
      await writeZip(zip, { "A-1.json": JSON.stringify(DISTRO_RECORD), "../evil.json": "{}" });
      await assert.rejects(collect(readOsv(zip, "osv:Test", "zip")), (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /osv:Test/);
        assert.match(e.message, /"\.\.\/evil\.json" has an unsafe path/);
        return true;
      });
    } finally {
      await cleanup();
    }
  });

  test("an absolute zip entry name is rejected too", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "all.zip");
      await writeZip(zip, { "/etc/evil.json": "{}" });
      await assert.rejects(collect(readOsv(zip, "osv:Test", "zip")), /unsafe path/);
    } finally {
      await cleanup();
    }
  });

  test("a truncated zip is an InputError naming the feed and the file", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const bytes = await readFile(join(FEEDS, "osv/crates.io/all.zip"));
      const zip = join(dir, "all.zip");
      await writeFile(zip, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await assert.rejects(collect(readOsv(zip, "osv:crates.io", "zip")), (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /osv:crates\.io/);
        assert.ok(e.message.includes(zip));
        assert.match(e.message, /truncated or corrupt/);
        return true;
      });
    } finally {
      await cleanup();
    }
  });

  test("one record breaking the schema among good ones in a zip is skipped and counted", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "all.zip");
      const good = (id: string) => JSON.stringify({ ...DISTRO_RECORD, id });
      await writeZip(zip, {
        "A-1.json": good("A-1"),
        "A-2.json": JSON.stringify({ id: "A-2", modified: "x", affected: [{ package: {} }] }),
        "A-3.json": good("A-3"),
      });
      const { items, summary } = await collect(readOsv(zip, "osv:Test", "zip"));
      assert.deepEqual([summary.count, summary.skipped], [3, 1]);
      assert.deepEqual(
        advisories(items).map((a) => a.id),
        ["A-1", "A-3"],
      );
      const s = items.find((i) => i.kind === "skipped");
      assert.ok(
        s?.kind === "skipped" &&
          s.record === "A-2" &&
          s.feed === "osv:Test" &&
          /affected\.0\.package/.test(s.reason),
      );
    } finally {
      await cleanup();
    }
  });
});

describe("OSV record check", () => {
  const pkg = { ecosystem: "PyPI", name: "x" };
  const cases: [string, unknown, string][] = [
    ["not an object", ["A-1"], "record: Invalid input: expected object, received array"],
    ["id missing", { id: undefined }, "id: Invalid input: expected string, received undefined"],
    ["id empty", { id: "", modified: "x" }, "id: Too small: expected string to have >=1 characters"],
    ["id before modified", { id: 1, modified: 2 }, "id: Invalid input: expected string, received number"],
    ["summary null", { summary: null }, "summary: Invalid input: expected string, received null"],
    [
      "alias not a string",
      { aliases: ["CVE-1", 7] },
      "aliases.1: Invalid input: expected string, received number",
    ],
    [
      "package name empty",
      { affected: [{ package: { ecosystem: "PyPI", name: "" } }] },
      "affected.0.package.name: Too small: expected string to have >=1 characters",
    ],
    [
      "ranges null",
      { affected: [{ package: pkg, ranges: null }] },
      "affected.0.ranges: Invalid input: expected array, received null",
    ],
    [
      "range type unknown",
      { affected: [{ package: pkg, ranges: [{ type: "X", events: [] }] }] },
      'affected.0.ranges.0.type: Invalid option: expected one of "ECOSYSTEM"|"SEMVER"|"GIT"',
    ],
    [
      "no events",
      { affected: [{ package: pkg, ranges: [{ type: "GIT", events: [] }] }] },
      "affected.0.ranges.0.events: Too small: expected array to have >=1 items",
    ],
    [
      "event of no known kind",
      { affected: [{ package: pkg, ranges: [{ type: "SEMVER", events: [{ fixed: 1 }] }] }] },
      "affected.0.ranges.0.events.0: Invalid input",
    ],
    [
      "database_specific an array",
      { affected: [{ package: pkg, database_specific: [] }] },
      "affected.0.database_specific: Invalid input: expected record, received array",
    ],
    [
      "severity without score",
      { severity: [{ type: "CVSS_V3" }] },
      "severity.0.score: Invalid input: expected string, received undefined",
    ],
  ];
  for (const [name, fields, reason] of cases) {
    test(`${name}: skipped with "${reason}"`, () => {
      const doc = Array.isArray(fields)
        ? fields
        : { id: "A-1", modified: "2024-01-01T00:00:00Z", ...(fields as object) };
      const item = parseOsvDocument(JSON.stringify(doc), "osv:Test", "A-1.json");
      assert.equal(item.kind, "skipped");
      assert.ok(item.kind === "skipped");
      assert.equal(item.reason, `not an OSV record: ${reason}`);
    });
  }

  test("only the model's fields are kept: unknown keys dropped, an event keeps its first known kind", () => {
    const item = parseOsvDocument(
      JSON.stringify({
        id: "A-1",
        modified: "2024-01-01T00:00:00Z",
        aliases: null,
        x_extra: 1,
        affected: [
          {
            package: { ...pkg, extra: true },
            ranges: [
              { type: "GIT", repo: "r", events: [{ introduced: "0", fixed: "1", other: 2 }], extra: 1 },
            ],
            database_specific: { kept: [1] },
          },
        ],
        references: [{ type: "WEB", url: "u", extra: 1 }],
      }),
      "osv:Test",
      "A-1.json",
    );
    assert.ok(item.kind === "advisory");
    assert.deepEqual(item.advisory, {
      id: "A-1",
      modified: "2024-01-01T00:00:00Z",
      aliases: [],
      affected: [
        {
          package: { ecosystem: "PyPI", name: "x" },
          ranges: [{ type: "GIT", events: [{ introduced: "0" }], repo: "r" }],
          database_specific: { kept: [1] },
        },
      ],
      references: [{ type: "WEB", url: "u" }],
      feed: "osv:Test",
    });
  });
});
