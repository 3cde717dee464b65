import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../errors.js";
import { readDebianList } from "./debian-lists.js";
import { readDebianTracker, trackerStatus } from "./debian-tracker.js";
import { advisories, collect, FEEDS, tempDir } from "./test-support/feeds.js";

const TRACKER = join(FEEDS, "debian/tracker-json-sample/json");
let dsaList: ReturnType<typeof collect> | undefined;
/** The real DSA list, read once for the tests that look at it. */
const readDsa = () => {
  dsaList ??= collect(
    readDebianList(join(FEEDS, "debian/security-tracker-data/DSA/list"), "debian-dsa", "debian-dsa"),
  );
  return dsaList;
};

describe("Debian tracker JSON", () => {
  test("the real excerpt: 7 (package, CVE) entries, one DEBIAN-<CVE> advisory each, sid left out", async () => {
    const { items, summary } = await collect(readDebianTracker(TRACKER, "debian-tracker"));
    assert.deepEqual([summary.count, summary.skipped], [7, 0]);
    const all = advisories(items);
    assert.equal(all.length, 7);
    assert.ok(all.every((a) => a.affected.every((x) => /^Debian:\d+$/.test(x.package.ecosystem))));
    const chromium = all.find((a) => a.id === "DEBIAN-CVE-2022-0456");
    assert.ok(chromium);
    assert.deepEqual(chromium.aliases, ["CVE-2022-0456"]);
    assert.deepEqual(chromium.upstream, ["CVE-2022-0456"]);
    const bullseye = chromium.affected.find((a) => a.package.ecosystem === "Debian:11");
    assert.deepEqual(bullseye?.ranges, [
      { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "98.0.4758.80-1~deb11u1" }] },
    ]);
    assert.equal(bullseye?.distroStatus, "fixed");
    assert.equal(bullseye?.distroUrgency, "not yet assigned");
    const buster = chromium.affected.find((a) => a.package.ecosystem === "Debian:10");
    assert.equal(buster?.distroStatus, "end-of-life");
    assert.deepEqual(buster?.ranges, [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }]);
  });

  test('fixed_version "0" is not-affected with no range; "high**" urgency loses its marks', async () => {
    const { items } = await collect(readDebianTracker(TRACKER, "debian-tracker"));
    const all = advisories(items);
    const notAffected = all
      .find((a) => a.id === "DEBIAN-CVE-2007-2383")
      ?.affected.find((a) => a.package.ecosystem === "Debian:9");
    assert.deepEqual(notAffected, {
      package: { ecosystem: "Debian:9", name: "prototypejs" },
      distroStatus: "not-affected",
      distroUrgency: "unimportant",
      ecosystem_specific: { repositories: { stretch: "1.7.1-3" } },
    });
    const high = all.find((a) => a.id === "DEBIAN-CVE-2008-7220")?.affected[0];
    assert.equal(high?.distroUrgency, "high");
    const emptyReleases = all.find((a) => a.id === "DEBIAN-CVE-2022-0358");
    assert.deepEqual(emptyReleases?.affected, []);
  });

  test("no-dsa decisions: ignored is will-not-fix, postponed stays affected", () => {
    assert.deepEqual(trackerStatus({ status: "open", nodsa: "Minor issue", nodsa_reason: "ignored" }), {
      status: "will-not-fix",
    });
    assert.deepEqual(trackerStatus({ status: "open", nodsa: "Minor issue", nodsa_reason: "postponed" }), {
      status: "affected",
    });
    assert.deepEqual(trackerStatus({ status: "open", nodsa: "Minor issue" }), { status: "will-not-fix" });
    assert.deepEqual(trackerStatus({ status: "undetermined" }), { status: "affected" });
  });

  test("a truncated tracker document is an InputError naming feed and file", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = join(dir, "json");
      await writeFile(
        file,
        '{"openssl": {"CVE-2024-1": {"releases": {"bookworm": {"status": "open"}}}}, "zlib": {"CVE-2',
      );
      const gen = readDebianTracker(file, "debian-tracker");
      await assert.rejects(
        collect(gen),
        (e: unknown) => e instanceof InputError && e.message.includes(file) && /truncated/.test(e.message),
      );
    } finally {
      await cleanup();
    }
  });

  test("one bad CVE record among good ones is skipped with package and CVE", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = join(dir, "json");
      await writeFile(
        file,
        JSON.stringify({
          openssl: {
            "CVE-2024-1": {
              releases: { bookworm: { status: "resolved", fixed_version: "3.0.1-1", urgency: "low" } },
            },
            "CVE-2024-2": { releases: "oops" },
          },
        }),
      );
      const { items, summary } = await collect(readDebianTracker(file, "debian-tracker"));
      assert.deepEqual([summary.count, summary.skipped], [2, 1]);
      assert.ok(items.some((i) => i.kind === "skipped" && i.record === "openssl CVE-2024-2"));
      assert.equal(advisories(items)[0]?.affected[0]?.package.ecosystem, "Debian:12");
    } finally {
      await cleanup();
    }
  });
});

describe("Debian DSA/DLA lists", () => {
  test("DSA/list: 5,406 advisories; DSA-5380-1 is fixed for bullseye in xorg-server 2:1.20.11-1+deb11u6", async () => {
    const { items, summary } = await readDsa();
    assert.deepEqual([summary.count, summary.skipped, summary.unit], [5406, 0, "advisories"]);
    assert.equal(summary.date, "2023-03-29T00:00:00Z");
    const all = advisories(items);
    assert.equal(all.length, 5406);
    const dsa = all.find((a) => a.id === "DSA-5380-1");
    assert.ok(dsa);
    assert.deepEqual(dsa.aliases, ["CVE-2023-1393"]);
    assert.equal(dsa.published, "2023-03-29T00:00:00Z");
    assert.equal(dsa.summary, "xorg-server security update", "names the package, as Debian titles its DSAs");
    assert.equal(
      all.find((a) => a.id === "DSA-4205-1")?.summary,
      "jessie end-of-life",
      "no package: as written",
    );
    assert.deepEqual(dsa.affected, [
      {
        package: { ecosystem: "Debian:11", name: "xorg-server" },
        distroStatus: "fixed",
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2:1.20.11-1+deb11u6" }] }],
      },
    ]);
    const bullseyeLines = all.flatMap((a) => a.affected).filter((a) => a.package.ecosystem === "Debian:11");
    assert.equal(bullseyeLines.length, 410);
    assert.equal(all.flatMap((a) => a.affected).filter((a) => a.package.ecosystem === "Debian:12").length, 0);
  });

  test("DSA/list: markers, urgencies, spaced CVE braces and old releases", async () => {
    const { items } = await readDsa();
    const affected = advisories(items).flatMap((a) => a.affected);
    assert.equal(affected.filter((a) => a.distroStatus === "not-affected").length > 0, true);
    assert.ok(affected.some((a) => a.distroStatus === "end-of-life"));
    assert.ok(affected.some((a) => a.distroStatus === "affected"));
    assert.ok(affected.some((a) => a.package.ecosystem === "Debian:3.0"));
    assert.ok(affected.some((a) => a.distroUrgency === "medium"));
    const spaced = advisories(items).find((a) => a.aliases.includes("CVE-2006-0467"));
    assert.ok(spaced, "{ CVE-2006-0467 } with inner spaces is read");
  });

  test("DLA/list: 3,534 advisories with 322 buster lines", async () => {
    const { items, summary } = await collect(
      readDebianList(join(FEEDS, "debian/security-tracker-data/DLA/list"), "debian-dla", "debian-dla"),
    );
    assert.deepEqual([summary.count, summary.skipped], [3534, 0]);
    const all = advisories(items);
    assert.equal(
      all.flatMap((a) => a.affected).filter((a) => a.package.ecosystem === "Debian:10").length,
      322,
    );
    const dla = all.find((a) => a.id === "DLA-3377-1");
    assert.deepEqual(dla?.affected[0]?.ranges?.[0]?.events, [
      { introduced: "0" },
      { fixed: "241-7~deb10u9" },
    ]);
  });

  test("a malformed line is skipped with its line number; the advisories around it are kept", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = join(dir, "list");
      await writeFile(
        file,
        [
          "[02 Jan 2023] DSA-9999-1 foo - security update",
          "\t{CVE-2023-0001 CVE-2023-0002}",
          "\t[bookworm] - foo 1.2-3+deb12u1",
          "\tthis line is garbage",
          "\t[bullseye] - foo <not-affected> (vulnerable code not present)",
          "[01 Jan 2023] DSA-9998-1 bar - security update",
          "\t[sid] - bar 1.0-1",
          "",
        ].join("\n"),
      );
      const { items, summary } = await collect(readDebianList(file, "debian-dsa", "debian-dsa"));
      assert.deepEqual([summary.count, summary.skipped], [2, 1]);
      const s = items.find((i) => i.kind === "skipped");
      assert.ok(s?.kind === "skipped" && s.record === "line 4" && s.reason.includes("DSA-9999-1"));
      const [first, second] = advisories(items);
      assert.deepEqual(first?.aliases, ["CVE-2023-0001", "CVE-2023-0002"]);
      assert.deepEqual(
        first?.affected.map((a) => [a.package.ecosystem, a.distroStatus]),
        [
          ["Debian:12", "fixed"],
          ["Debian:11", "not-affected"],
        ],
      );
      assert.deepEqual(second?.affected, [], "sid has no release number and is left out");
    } finally {
      await cleanup();
    }
  });
});
