import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fopBranchRange, readFriendsOfPhp } from "./friendsofphp.js";
import { advisories, collect, FEEDS, tempDir } from "./test-support/feeds.js";

describe("FriendsOfPHP security advisories", () => {
  test("the real zip: 1,592 advisories (every .yaml in the archive), none skipped; ranges per branch", async () => {
    const { items, summary } = await collect(
      readFriendsOfPhp(join(FEEDS, "friendsofphp/security-advisories-master.zip"), "friendsofphp"),
    );
    assert.deepEqual([summary.count, summary.skipped], [1592, 0]);
    const all = advisories(items);
    assert.ok(all.every((a) => a.affected[0]?.package.ecosystem === "Packagist"));
    const cake = all.filter(
      (a) =>
        a.affected[0]?.package.name === "cakephp/cakephp" &&
        a.summary === "Direct access of prefixed controller actions",
    );
    assert.equal(cake.length, 1);
    assert.match(cake[0]?.id ?? "", /^FOP-cakephp\/cakephp\//, "no CVE: a stable FOP- id from the path");
    assert.deepEqual(cake[0]?.affected[0]?.ranges?.[0], {
      type: "ECOSYSTEM",
      events: [{ introduced: "2.0.0" }, { fixed: "2.0.99" }],
    });
    assert.equal(cake[0]?.affected[0]?.ranges?.length, 8);
    assert.ok(
      all.some((a) => a.id.startsWith("CVE-")),
      "a CVE is the id when present",
    );
  });

  test("branch constraints: missing lower bound, <=, exact", () => {
    assert.deepEqual(fopBranchRange(["<1.2"]).events, [{ introduced: "0" }, { fixed: "1.2" }]);
    assert.deepEqual(fopBranchRange([">=1.0", "<=1.4.2"]).events, [
      { introduced: "1.0" },
      { last_affected: "1.4.2" },
    ]);
    assert.deepEqual(fopBranchRange(["=2.0.1"]).events, [
      { introduced: "2.0.1" },
      { last_affected: "2.0.1" },
    ]);
  });

  test("a tree: reference gives the package; a record without one is skipped", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await mkdir(join(dir, "acme/tool"), { recursive: true });
      await writeFile(
        join(dir, "acme/tool/CVE-2020-1.yaml"),
        "title: t\nlink: https://x\ncve: CVE-2020-1\nbranches:\n  1.x:\n    time: 2020-01-02 03:04:05\n    versions: ['>=1.0', '<1.2']\nreference: composer://acme/tool\n",
      );
      await writeFile(join(dir, "acme/tool/bad.yaml"), "title: t\nbranches: {}\n");
      const { items, summary } = await collect(readFriendsOfPhp(dir, "friendsofphp"));
      assert.deepEqual([summary.count, summary.skipped], [2, 1]);
      const adv = advisories(items)[0];
      assert.equal(adv?.id, "CVE-2020-1");
      assert.deepEqual(adv?.affected[0]?.package, { ecosystem: "Packagist", name: "acme/tool" });
      assert.equal(adv?.published, "2020-01-02T03:04:05Z");
      assert.ok(
        items.some(
          (i) => i.kind === "skipped" && i.record === "acme/tool/bad.yaml" && /reference/.test(i.reason),
        ),
      );
    } finally {
      await cleanup();
    }
  });
});
