import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../errors.js";
import { readSecdb, secfixIds } from "./secdb.js";
import { advisories, collect, FEEDS, tempDir } from "./test-support/feeds.js";

const PER_RELEASE: [string, number, number][] = [
  ["v3.3", 91, 0],
  ["v3.4", 117, 2],
  ["v3.5", 131, 20],
  ["v3.6", 134, 31],
  ["v3.7", 163, 37],
  ["v3.8", 164, 44],
  ["v3.9", 161, 58],
  ["v3.10", 166, 73],
  ["v3.11", 175, 85],
];

describe("Alpine secdb", () => {
  test("18 real files: package entries per release as the README gives them, 1,652 in all; null packages and null secfixes do not crash", async () => {
    let total = 0;
    for (const [release, main, community] of PER_RELEASE) {
      for (const [repo, expected] of [
        ["main", main],
        ["community", community],
      ] as const) {
        const { summary } = await collect(
          readSecdb(
            join(FEEDS, "alpine-secdb", release, `${repo}.json`),
            `alpine-secdb:${release}/${repo}`,
            "alpine-secdb",
          ),
        );
        assert.equal(summary.count, expected, `${release}/${repo}`);
        assert.equal(summary.skipped, 0);
        total += summary.count;
      }
    }
    assert.equal(total, 1652);
  });

  test("v3.11 main: ansible 2.9.3-r0 fixes CVE-2019-14904 -> ALPINE-CVE-2019-14904 in Alpine:v3.11", async () => {
    const { items } = await collect(
      readSecdb(join(FEEDS, "alpine-secdb/v3.11/main.json"), "alpine-secdb:v3.11/main", "alpine-secdb"),
    );
    const adv = advisories(items).find((a) => a.id === "ALPINE-CVE-2019-14904");
    assert.ok(adv);
    assert.deepEqual(adv.aliases, ["CVE-2019-14904"]);
    assert.deepEqual(adv.affected, [
      {
        package: { ecosystem: "Alpine:v3.11", name: "ansible" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.9.3-r0" }] }],
        distroStatus: "fixed",
      },
    ]);
  });

  test("secfix items with remarks and non-CVE ids (XSA, TALOS) become advisories of their own id", async () => {
    const all: string[] = [];
    for (const [release] of PER_RELEASE) {
      const { items } = await collect(
        readSecdb(join(FEEDS, "alpine-secdb", release, "main.json"), release, "alpine-secdb"),
      );
      all.push(...advisories(items).map((a) => a.id));
    }
    assert.ok(all.some((id) => /^ALPINE-XSA-\d+$/.test(id)));
    assert.ok(all.some((id) => /^ALPINE-TALOS-\d{4}-\d+$/.test(id)));
    assert.ok(
      all.every((id) => !/[ ()?]/.test(id)),
      "no remark or placeholder text leaks into an id",
    );
  });

  test("secfixIds reads every written form", () => {
    assert.deepEqual(secfixIds("CVE-2019-1234 XSA-300"), ["CVE-2019-1234", "XSA-300"]);
    assert.deepEqual(secfixIds("CVE-2018-16228 (BGP)"), ["CVE-2018-16228"]);
    assert.deepEqual(secfixIds("CVE_2017-1000"), ["CVE-2017-1000"]);
    assert.deepEqual(secfixIds("CVE-2019-10160.patch"), ["CVE-2019-10160"]);
    assert.deepEqual(secfixIds("CVE-????-?????  XSA-250"), ["XSA-250"]);
    assert.deepEqual(secfixIds("GHSA-jq35-85cj-fj4p"), ["GHSA-jq35-85cj-fj4p"]);
  });
});

describe("Wolfi and Chainguard secdb", () => {
  test("wolfi: 27 package entries; version 0 means not affected; GHSA ids kept", async () => {
    const { items, summary } = await collect(
      readSecdb(join(FEEDS, "wolfi/security.json"), "wolfi-secdb", "wolfi-secdb"),
    );
    assert.deepEqual([summary.count, summary.skipped], [27, 0]);
    const all = advisories(items);
    const coreutils = all.find((a) => a.id === "WOLFI-CVE-2016-2781");
    assert.deepEqual(coreutils?.affected, [
      { package: { ecosystem: "Wolfi", name: "coreutils" }, distroStatus: "not-affected" },
    ]);
    assert.ok(all.some((a) => a.id === "WOLFI-GHSA-jq35-85cj-fj4p"));
  });

  test("chainguard: 57 package entries, ecosystem Chainguard", async () => {
    const { items, summary } = await collect(
      readSecdb(join(FEEDS, "chainguard/security.json"), "chainguard-secdb", "chainguard-secdb"),
    );
    assert.deepEqual([summary.count, summary.skipped], [57, 0]);
    const zlib = advisories(items).find((a) => a.id === "CHAINGUARD-CVE-2022-37434");
    assert.deepEqual(zlib?.affected[0]?.ranges?.[0]?.events, [{ introduced: "0" }, { fixed: "1.2.12-r3" }]);
    assert.equal(zlib?.affected[0]?.package.ecosystem, "Chainguard");
  });

  test("invalid JSON is an InputError; a bad package entry is skipped and counted", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const broken = join(dir, "broken.json");
      await writeFile(broken, '{"packages": [');
      await assert.rejects(
        collect(readSecdb(broken, "wolfi-secdb", "wolfi-secdb")),
        (e: unknown) => e instanceof InputError && e.message.includes(broken),
      );
      const mixed = join(dir, "security.json");
      await writeFile(
        mixed,
        JSON.stringify({
          packages: [{ pkg: { name: "a", secfixes: { "1-r0": ["CVE-2020-1"] } } }, { pkg: {} }],
        }),
      );
      const { items, summary } = await collect(readSecdb(mixed, "wolfi-secdb", "wolfi-secdb"));
      assert.deepEqual([summary.count, summary.skipped], [2, 1]);
      assert.ok(items.some((i) => i.kind === "skipped" && i.record === "packages[1]"));
    } finally {
      await cleanup();
    }
  });
});
