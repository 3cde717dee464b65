import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidVersionError, UnknownEcosystemError } from "../errors.js";
import type { Affected, RangeEvent } from "../model/advisory.js";
import { compareVersions, isAffected, sortVersions } from "./index.js";

function eco(events: RangeEvent[]): Pick<Affected, "ranges"> {
  return { ranges: [{ type: "ECOSYSTEM", events }] };
}

describe("isAffected: OSV affected semantics", () => {
  const cases: [string, string, Pick<Affected, "ranges" | "versions">, boolean][] = [
    // introduced / fixed
    [
      "introduced 0 includes the lowest version",
      "0.0.1",
      eco([{ introduced: "0" }, { fixed: "1.0.0" }]),
      true,
    ],
    ["fixed excludes its own version", "1.0.0", eco([{ introduced: "0" }, { fixed: "1.0.0" }]), false],
    ["fixed excludes versions above it", "2.0.0", eco([{ introduced: "0" }, { fixed: "1.0.0" }]), false],
    [
      "introduced includes its own version",
      "1.2.0",
      eco([{ introduced: "1.2.0" }, { fixed: "1.3.0" }]),
      true,
    ],
    ["below introduced is not affected", "1.1.9", eco([{ introduced: "1.2.0" }, { fixed: "1.3.0" }]), false],
    [
      "a prerelease of the fix is still affected",
      "1.3.0-rc.1",
      eco([{ introduced: "0" }, { fixed: "1.3.0" }]),
      true,
    ],
    ["introduced without fix affects everything above", "99.0.0", eco([{ introduced: "1.0.0" }]), true],
    // last_affected
    [
      "last_affected includes its own version",
      "1.4.0",
      eco([{ introduced: "0" }, { last_affected: "1.4.0" }]),
      true,
    ],
    [
      "last_affected excludes the next version",
      "1.4.1",
      eco([{ introduced: "0" }, { last_affected: "1.4.0" }]),
      false,
    ],
    // several introduced/fixed pairs in one range, listed out of order
    [
      "between two affected windows is not affected",
      "2.5.0",
      eco([{ introduced: "3.0.0" }, { fixed: "2.0.0" }, { introduced: "1.0.0" }, { fixed: "4.0.0" }]),
      false,
    ],
    [
      "second affected window of one range",
      "3.5.0",
      eco([{ fixed: "4.0.0" }, { introduced: "1.0.0" }, { introduced: "3.0.0" }, { fixed: "2.0.0" }]),
      true,
    ],
    // limit
    ["limit caps the range", "5.0.0", eco([{ introduced: "1.0.0" }, { limit: "5.0.0" }]), false],
    ["below limit is affected", "4.9.9", eco([{ introduced: "1.0.0" }, { limit: "5.0.0" }]), true],
    ['limit "*" is no limit', "9.0.0", eco([{ introduced: "1.0.0" }, { limit: "*" }]), true],
    // zero-length range
    [
      "introduced and fixed at the same version is an empty range",
      "1.0.0",
      eco([{ introduced: "1.0.0" }, { fixed: "1.0.0" }]),
      false,
    ],
    // versions list
    ["an enumerated version is affected", "1.0.5", { versions: ["1.0.4", "1.0.5"] }, true],
    ["a version not enumerated is not affected", "1.0.6", { versions: ["1.0.4", "1.0.5"] }, false],
    ["no ranges and no versions affects nothing", "1.0.0", {}, false],
    // GIT ranges are not evaluated
    [
      "GIT ranges never make a version affected",
      "1.0.0",
      { ranges: [{ type: "GIT", repo: "https://example.org/x.git", events: [{ introduced: "0" }] }] },
      false,
    ],
  ];
  for (const [name, version, affected, expected] of cases) {
    test(`npm: ${name}`, () => assert.equal(isAffected("npm", version, affected), expected));
  }

  test("SEMVER ranges use SemVer ordering and accept a v prefix on the installed version (Go)", () => {
    const affected: Pick<Affected, "ranges"> = {
      ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "0.17.0" }] }],
    };
    assert.equal(isAffected("Go", "v0.16.0", affected), true);
    assert.equal(isAffected("Go", "v0.17.0", affected), false);
    assert.equal(isAffected("Go", "v0.0.0-20210921155107-089bfa567519", affected), true);
  });

  test("ECOSYSTEM ranges use the ecosystem's scheme: dpkg epochs and tildes", () => {
    const affected = eco([{ introduced: "0" }, { fixed: "1:2.36-9+deb12u4" }]);
    assert.equal(isAffected("Debian:12", "1:2.36-9+deb12u3", affected), true);
    assert.equal(isAffected("Debian:12", "1:2.36-9+deb12u4", affected), false);
    assert.equal(isAffected("Debian:12", "2.40-1", affected), true, "no epoch sorts below epoch 1");
    assert.equal(isAffected("Debian:12", "1:2.36-9+deb12u4~bpo1", affected), true, "~ sorts before the fix");
  });

  test("ECOSYSTEM ranges: PyPI normalisation and the versions list compare in PEP 440 order", () => {
    assert.equal(isAffected("PyPI", "1.0", { versions: ["1.0.0"] }), true);
    assert.equal(isAffected("PyPI", "2.0rc1", eco([{ introduced: "0" }, { fixed: "2.0" }])), true);
    assert.equal(isAffected("PyPI", "2.0.post1", eco([{ introduced: "0" }, { fixed: "2.0" }])), false);
  });

  test("Maven qualifiers order below the release", () => {
    const affected = eco([{ introduced: "0" }, { fixed: "2.15.0" }]);
    assert.equal(isAffected("Maven", "2.15.0-rc1", affected), true);
    assert.equal(isAffected("Maven", "2.15.0", affected), false);
  });

  test("an invalid installed version raises InvalidVersionError naming ecosystem and version", () => {
    assert.throws(
      () => isAffected("Debian:12", "not a version", eco([{ introduced: "0" }, { fixed: "1.0" }])),
      (e: unknown) =>
        e instanceof InvalidVersionError && e.ecosystem === "Debian:12" && e.version === "not a version",
    );
  });

  test("an invalid event version raises InvalidVersionError rather than a silent answer", () => {
    assert.throws(
      () => isAffected("npm", "1.0.0", eco([{ introduced: "0" }, { fixed: "one point two" }])),
      InvalidVersionError,
    );
  });

  test("an unknown ecosystem raises UnknownEcosystemError naming it", () => {
    assert.throws(
      () => isAffected("Nonesuch", "1.0.0", eco([{ introduced: "0" }])),
      (e: unknown) => e instanceof UnknownEcosystemError && /Nonesuch/.test(e.message),
    );
  });
});

describe("compareVersions dispatch", () => {
  test("release suffixes select the ecosystem's scheme", () => {
    assert.ok(compareVersions("Debian:12", "1.0~rc1-1", "1.0-1") < 0);
    assert.ok(compareVersions("Ubuntu:22.04:LTS", "1:1.0", "2.0") > 0);
    assert.ok(compareVersions("Alpine:v3.20", "1.2.3_rc1-r0", "1.2.3-r0") < 0);
    assert.ok(compareVersions("Rocky Linux:9", "1.0-1.el9", "1.0-1.el9_1") < 0);
  });
  test("each language ecosystem has its own order", () => {
    assert.ok(compareVersions("npm", "1.0.0-beta.2", "1.0.0-beta.11") < 0);
    assert.ok(compareVersions("crates.io", "0.4.0-alpha.3", "0.4.0") < 0);
    assert.ok(compareVersions("PyPI", "1!0.1", "2.0") > 0);
    assert.ok(compareVersions("Maven", "1.0-SNAPSHOT", "1.0") < 0);
    assert.ok(compareVersions("RubyGems", "6.1.0.rc2", "6.1.0") < 0);
    assert.ok(compareVersions("Packagist", "v5.4.10", "5.4.9") > 0);
    assert.ok(compareVersions("NuGet", "1.0", "1.0.0.0") === 0);
    assert.ok(compareVersions("Go", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4") < 0);
    assert.ok(compareVersions("Hex", "1.0.0-rc.1", "1.0.0") < 0);
    assert.ok(compareVersions("Pub", "1.0.0+1", "1.0.0") > 0);
  });
  test("sortVersions sorts lowest first", () => {
    assert.deepEqual(sortVersions("Debian", ["1.0-2", "1:0.1-1", "1.0~rc1-1", "1.0-1"]), [
      "1.0~rc1-1",
      "1.0-1",
      "1.0-2",
      "1:0.1-1",
    ]);
  });
});
