import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { coreRanges, NODEJS_ECOSYSTEM, npmRanges, readNodejsSecurityWg } from "./nodejs-security-wg.js";
import { advisories, collect, FEEDS, tempDir } from "./test-support/feeds.js";

const VULN = join(FEEDS, "nodejs-security-wg/vuln");

describe("Node.js security WG npm advisories", () => {
  test("the real vuln/npm: 467 advisories (468 files with index.json), none skipped", async () => {
    const { items, summary } = await collect(
      readNodejsSecurityWg(join(VULN, "npm"), "nodejs-security-wg:npm", "npm"),
    );
    assert.deepEqual([summary.count, summary.skipped], [467, 0]);
    const all = advisories(items);
    const bassmaster = all.find((a) => a.id === "NSWG-ECO-1");
    assert.deepEqual(bassmaster?.aliases, ["CVE-2014-7205"]);
    assert.deepEqual(bassmaster?.severity, [
      { type: "CVSS_V3", score: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N" },
    ]);
    assert.deepEqual(bassmaster?.affected, [
      {
        package: { ecosystem: "npm", name: "bassmaster" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: "1.5.1" }] }],
      },
    ]);
    const express = all.find((a) => a.id === "NSWG-ECO-8");
    assert.deepEqual(express?.affected[0]?.ranges, [
      { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.11.0" }] },
      { type: "ECOSYSTEM", events: [{ introduced: "4.0.0" }, { fixed: "4.5.0" }] },
    ]);
  });

  test("semver ranges convert per comparator set", () => {
    assert.deepEqual(npmRanges("*"), [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }]);
    assert.deepEqual(npmRanges(">=1.0.0-alpha1 <=1.0.0-rc1"), [
      { type: "ECOSYSTEM", events: [{ introduced: "1.0.0-alpha1" }, { last_affected: "1.0.0-rc1" }] },
    ]);
    assert.deepEqual(npmRanges("2.0.x || 2.1.x"), [
      { type: "ECOSYSTEM", events: [{ introduced: "2.0.0" }, { fixed: "2.1.0" }] },
      { type: "ECOSYSTEM", events: [{ introduced: "2.1.0" }, { fixed: "2.2.0" }] },
    ]);
    assert.deepEqual(npmRanges("1.2.3"), [
      { type: "ECOSYSTEM", events: [{ introduced: "1.2.3" }, { last_affected: "1.2.3" }] },
    ]);
    assert.deepEqual(npmRanges("<2.0.0 >=3.0.0 || <1.0.0"), [
      { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.0.0" }] },
    ]);
    assert.throws(() => npmRanges("not a range!"), /not a semver range/);
    assert.throws(() => npmRanges(">=2.0.0 <1.0.0"), /matches no version/);
  });

  test("a record whose range cannot be converted is skipped with the reason", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const base = {
        title: "t",
        module_name: "m",
        cves: [],
        references: [],
        cvss_vector: null,
        cvss_score: null,
      };
      await writeFile(join(dir, "1.json"), JSON.stringify({ ...base, id: 1, vulnerable_versions: "<1.0.0" }));
      await writeFile(
        join(dir, "2.json"),
        JSON.stringify({ ...base, id: 2, vulnerable_versions: "version one" }),
      );
      await writeFile(join(dir, "3.json"), JSON.stringify({ ...base, id: 3 }));
      const { items, summary } = await collect(readNodejsSecurityWg(dir, "nodejs-security-wg:npm", "npm"));
      assert.deepEqual([summary.count, summary.skipped], [3, 2]);
      const reasons = items.flatMap((i) => (i.kind === "skipped" ? [`${i.record}: ${i.reason}`] : []));
      assert.deepEqual(reasons, [
        '2.json: vulnerable_versions "version one" is not a semver range',
        "3.json: vulnerable_versions: vulnerable_versions is missing",
      ]);
    } finally {
      await cleanup();
    }
  });
});

describe("Node.js security WG core advisories", () => {
  test("the real vuln/core: 171 advisories on package node of ecosystem Node.js", async () => {
    const { items, summary } = await collect(
      readNodejsSecurityWg(join(VULN, "core"), "nodejs-security-wg:core", "core"),
    );
    assert.deepEqual([summary.count, summary.skipped], [171, 0]);
    const all = advisories(items);
    assert.ok(
      all.every(
        (a) => a.affected[0]?.package.ecosystem === NODEJS_ECOSYSTEM && a.affected[0].package.name === "node",
      ),
    );
    const first = all.find((a) => a.id === "NSWG-CORE-1");
    assert.deepEqual(first?.aliases, ["CVE-2017-1000381"]);
  });

  test("vulnerable release lines minus patched ranges", () => {
    assert.deepEqual(coreRanges("20.x || 22.x", "^20.1.2 || ^22.3.4"), [
      { type: "SEMVER", events: [{ introduced: "20.0.0" }, { fixed: "20.1.2" }] },
      { type: "SEMVER", events: [{ introduced: "22.0.0" }, { fixed: "22.3.4" }] },
    ]);
    assert.deepEqual(coreRanges("4.x || 5.x", "^4.8.4"), [
      { type: "SEMVER", events: [{ introduced: "4.0.0" }, { fixed: "4.8.4" }] },
      { type: "SEMVER", events: [{ introduced: "5.0.0" }, { fixed: "6.0.0" }] },
    ]);
  });
});
