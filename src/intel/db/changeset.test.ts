import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { computeChangeSet } from "./changeset.js";
import { advisory, buildFrom, tempDir } from "./test-support/build.js";

const tmp = tempDir();
after(tmp.cleanup);

const before = join(tmp.dir, "before.db");
buildFrom(before, [
  advisory("GO-1", "osv:Go", [
    ["Go", "example.com/a", "1.0.0"],
    ["Go", "example.com/b", "1.0.0"],
  ]),
  advisory("GO-2", "osv:Go", [["Go", "example.com/c", "2.0.0"]]),
  advisory("GO-3", "osv:Go", [["Go", "example.com/d", "3.0.0"]]),
]);

test("change set: gained, lost and changed advisories per package key", () => {
  const next = join(tmp.dir, "next.db");
  buildFrom(next, [
    // GO-1 no longer names example.com/b; its content changed for example.com/a.
    advisory("GO-1", "osv:Go", [["Go", "example.com/a", "1.0.1"]]),
    // GO-2 unchanged.
    advisory("GO-2", "osv:Go", [["Go", "example.com/c", "2.0.0"]]),
    // GO-3 withdrawn from the feed, GO-4 new.
    advisory("GO-4", "osv:Go", [["Go", "example.com/c", "2.1.0"]]),
  ]);
  const cs = computeChangeSet(next, before);
  assert.equal(cs.baseline, "previous");
  assert.deepEqual(cs.keys, [
    { ecosystem: "Go", name: "example.com/a", gained: [], lost: [], changed: ["GO-1"] },
    { ecosystem: "Go", name: "example.com/b", gained: [], lost: ["GO-1"], changed: [] },
    { ecosystem: "Go", name: "example.com/c", gained: ["GO-4"], lost: [], changed: [] },
    { ecosystem: "Go", name: "example.com/d", gained: [], lost: ["GO-3"], changed: [] },
  ]);
  assert.deepEqual(cs.totals, { keys: 4, gained: 1, lost: 2, changed: 1 });
});

test("change set: an identical rebuild changes nothing", () => {
  const same = join(tmp.dir, "same.db");
  buildFrom(same, [
    advisory("GO-1", "osv:Go", [
      ["Go", "example.com/a", "1.0.0"],
      ["Go", "example.com/b", "1.0.0"],
    ]),
    advisory("GO-2", "osv:Go", [["Go", "example.com/c", "2.0.0"]]),
    advisory("GO-3", "osv:Go", [["Go", "example.com/d", "3.0.0"]]),
  ]);
  const cs = computeChangeSet(same, before);
  assert.deepEqual(cs, {
    baseline: "previous",
    keys: [],
    totals: { keys: 0, gained: 0, lost: 0, changed: 0 },
  });
});

test("change set: without a usable previous database every key is gained", () => {
  const junk = join(tmp.dir, "junk.db");
  writeFileSync(junk, "garbage");
  for (const previous of [undefined, join(tmp.dir, "missing.db"), junk]) {
    const cs = computeChangeSet(before, previous);
    assert.equal(cs.baseline, "none");
    assert.deepEqual(cs.totals, { keys: 4, gained: 4, lost: 0, changed: 0 });
  }
});
