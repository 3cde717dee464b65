import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { compareVersions } from "../../versions/index.js";
import { gemAffectedIntervals, gemBump, gemRequirementIntervals } from "./gem-requirements.js";
import { intervalEvents } from "./intervals.js";
import { readRubysec } from "./rubysec.js";
import { compareSemver } from "./semver-ranges.js";
import { advisories, collect, FEEDS, tempDir, writeZip } from "./test-support/feeds.js";

const gem = (a: string, b: string) => compareVersions("RubyGems", a, b);
/** A semver-like order over dotted numbers, to pin the interval logic apart from the gem scheme. */
const dotted = (a: string, b: string) =>
  compareSemver(`${a}.0.0`.split(".").slice(0, 3).join("."), `${b}.0.0`.split(".").slice(0, 3).join("."));

describe("RubyGems requirements", () => {
  test("~> bumps like Gem::Version#bump", () => {
    assert.equal(gemBump("5.2.4"), "5.3");
    assert.equal(gemBump("5"), "6");
    assert.equal(gemBump("1.0.0.rc1"), "1.1");
    assert.equal(gemBump("2.1"), "3");
  });

  test("a requirement's comparators intersect (order injected)", () => {
    assert.deepEqual(gemRequirementIntervals("~> 5.2, >= 5.2.4", dotted), [
      { lower: { version: "5.2.4", inclusive: true }, upper: { version: "6", inclusive: false } },
    ]);
    assert.deepEqual(gemRequirementIntervals("!= 1.1", dotted), [
      { upper: { version: "1.1", inclusive: false } },
      { lower: { version: "1.1", inclusive: false } },
    ]);
  });

  test("affected = NOT (any patched OR any unaffected), as OSV events (order injected)", () => {
    const intervals = gemAffectedIntervals(["~> 5.2.4, >= 5.2.4.3", ">= 6.0.3.1"], ["< 4.0.0"], gem);
    assert.deepEqual(intervals.flatMap(intervalEvents), [
      { introduced: "4.0.0" },
      { fixed: "5.2.4.3" },
      { introduced: "5.3" },
      { fixed: "6.0.3.1" },
    ]);
    assert.deepEqual(gemAffectedIntervals([], [], dotted).flatMap(intervalEvents), [{ introduced: "0" }]);
    assert.deepEqual(gemAffectedIntervals(["> 1.2"], [], dotted).flatMap(intervalEvents), [
      { introduced: "0" },
      { last_affected: "1.2" },
    ]);
    assert.deepEqual(gemAffectedIntervals(["< 9"], ["> 0"], dotted), [], "nothing left: no range");
    assert.throws(() => gemAffectedIntervals(["=> 1.0"], [], dotted), /not a RubyGems requirement/);
  });
});

describe("RubySec advisory database", () => {
  test("the real zip: 1,234 gem advisories, rubies/ not counted, none skipped", async () => {
    const { items, summary } = await collect(
      readRubysec(join(FEEDS, "rubysec/ruby-advisory-db-master.zip"), "rubysec", gem),
    );
    assert.deepEqual([summary.count, summary.skipped, summary.unit], [1234, 0, "gem advisories"]);
    const all = advisories(items);
    assert.ok(all.every((a) => a.affected[0]?.package.ecosystem === "RubyGems"));

    const actionpack = all.find((a) => a.id === "GHSA-8727-m6gj-mc37");
    assert.ok(actionpack, "the GHSA id is the advisory id");
    assert.deepEqual(actionpack.aliases, ["CVE-2020-8164"]);
    assert.deepEqual(actionpack.affected, [
      {
        package: { ecosystem: "RubyGems", name: "actionpack" },
        ranges: [
          {
            type: "ECOSYSTEM",
            events: [
              { introduced: "4.0.0" },
              { fixed: "5.2.4.3" },
              { introduced: "5.3" },
              { fixed: "6.0.3.1" },
            ],
          },
        ],
      },
    ]);
    assert.equal(actionpack.database_specific?.["cvss_v3"], 7.5);

    const rack = all.find((a) => a.id === "GHSA-5f9h-9pjv-v6j7");
    assert.deepEqual(rack?.affected[0]?.ranges?.[0]?.events, [{ introduced: "0" }, { fixed: "2.1.3" }]);

    const osvdbOnly = all.find((a) => a.id === "OSVDB-101157");
    assert.deepEqual(osvdbOnly?.affected[0]?.ranges?.[0]?.events, [{ introduced: "0" }, { fixed: "1.1.0" }]);
  });

  test("an unpacked tree reads the same; a bad record is skipped with its path", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await mkdir(join(dir, "gems/rack"), { recursive: true });
      await mkdir(join(dir, "rubies/ruby"), { recursive: true });
      await writeFile(
        join(dir, "gems/rack/CVE-2020-1.yml"),
        'gem: rack\ncve: 2020-1\ntitle: t\npatched_versions:\n  - ">= 2.0"\n',
      );
      await writeFile(join(dir, "gems/rack/CVE-2020-2.yml"), "gem: rack\npatched_versions: [\n");
      await writeFile(join(dir, "rubies/ruby/CVE-2020-3.yml"), "engine: ruby\n");
      const { items, summary } = await collect(readRubysec(dir, "rubysec", dotted));
      assert.deepEqual([summary.count, summary.skipped], [2, 1]);
      assert.equal(advisories(items)[0]?.id, "CVE-2020-1");
      assert.ok(items.some((i) => i.kind === "skipped" && i.record === "gems/rack/CVE-2020-2.yml"));
    } finally {
      await cleanup();
    }
  });

  test("a zip-slip entry rejects the RubySec archive", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = join(dir, "db.zip");
      await writeZip(zip, { "db/gems/rack/../../../x.yml": "gem: rack\n" });
      await assert.rejects(collect(readRubysec(zip, "rubysec", dotted)), /rubysec.*unsafe path/);
    } finally {
      await cleanup();
    }
  });
});
