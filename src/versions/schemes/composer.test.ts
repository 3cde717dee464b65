import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidVersionError } from "../../errors.js";
import { composerScheme } from "./composer.js";

const ECO = "Packagist";

/** Rows of a generated TSV file (scripts/versions/generate_pairs.py): comments and the header row skipped. */
function rows(file: string): string[][] {
  const text = readFileSync(new URL(`../testdata/${file}`, import.meta.url), "utf8");
  const [header, ...body] = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  assert.ok(
    header === "a\tb\texpected" || header === "version\tstatus\tform",
    `${file}: unexpected header ${header}`,
  );
  return body.map((line) => line.split("\t"));
}

function cmp(a: string, b: string): number {
  return (
    Math.sign(composerScheme.compareParsed(composerScheme.parse(a, ECO), composerScheme.parse(b, ECO))) || 0
  );
}

function normalized(v: string): string {
  return composerScheme.parse(v, ECO).normalized;
}

function rejects(version: string): boolean {
  try {
    composerScheme.parse(version, ECO);
    return false;
  } catch (e) {
    return (
      e instanceof InvalidVersionError && e.version === version && e.message.includes(JSON.stringify(version))
    );
  }
}

describe("composer: ordering pinned against composer/semver 3.3.2 on PHP 8.2", () => {
  const pairs = rows("composer-pairs.tsv");
  test("the pairs file is large enough to mean something", () => {
    assert.ok(pairs.length >= 500, `only ${pairs.length} pairs`);
  });
  test("every generated pair compares as Comparator does on normalised versions (both directions)", () => {
    const failures: string[] = [];
    for (const [a = "", b = "", expected = ""] of pairs) {
      const want = Number(expected);
      if (cmp(a, b) !== want) failures.push(`${a} vs ${b}: want ${want}, got ${cmp(a, b)}`);
      if (cmp(b, a) !== 0 - want) failures.push(`${b} vs ${a}: want ${0 - want}, got ${cmp(b, a)}`);
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} mismatches`);
  });
  test("every generated version normalises as VersionParser::normalize does, or is rejected as it is", () => {
    const failures: string[] = [];
    for (const [version = "", status = "", form = ""] of rows("composer-versions.tsv")) {
      if (status === "invalid") {
        if (!rejects(version)) failures.push(`${JSON.stringify(version)} should be rejected`);
        continue;
      }
      try {
        const got = normalized(version);
        if (got !== form) failures.push(`${JSON.stringify(version)}: want ${form}, got ${got}`);
      } catch (e) {
        failures.push(`${JSON.stringify(version)} rejected: ${String(e)}`);
      }
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} mismatches`);
  });
});

describe("composer: named behaviours", () => {
  const table: [string, string, number, string][] = [
    ["v5.4.10", "5.4.10", 0, "a leading v is ignored"],
    ["5.4.10", "5.4.9", 1, "numbers compare numerically"],
    ["6.0.0-BETA1", "6.0.0-beta1", 0, "stabilities are case-insensitive"],
    ["6.0.0-beta1", "6.0.0-RC1", -1, "beta < RC"],
    ["6.0.0-alpha2", "6.0.0-beta1", -1, "alpha < beta"],
    ["6.0.0-dev", "6.0.0-alpha1", -1, "dev < alpha"],
    ["6.0.0-RC1", "6.0.0", -1, "RC < stable"],
    ["6.0.0", "6.0.0-patch1", -1, "stable < patch"],
    ["6.0.0-pl2", "6.0.0-patch2", 0, "pl spells patch"],
    ["6.0.0-a1", "6.0.0-alpha1", 0, "a spells alpha"],
    ["6.0.0-b1", "6.0.0-beta1", 0, "b spells beta"],
    ["1.0", "1.0.0.0", 0, "missing numbers are zeros"],
    ["1.0.0+build.5", "1.0.0", 0, "build metadata is ignored"],
    ["1.0.x-dev", "1.0.5", 1, "a numeric branch sorts as its highest version"],
    ["dev-master", "0.0.1-dev", -1, "a branch sorts below every numbered version"],
    ["dev-feature", "dev-master", -1, "branches order by name among themselves"],
    ["master", "dev-master", 0, "master is the branch dev-master"],
    ["2010-01-02", "2010-01-03", -1, "dates are versions"],
    ["1.0-stable", "1.0", 0, "-stable is the release"],
  ];
  for (const [a, b, want, why] of table) {
    test(`${why}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      assert.equal(cmp(a, b), want);
      assert.equal(cmp(b, a), 0 - want);
    });
  }
  test("normalised forms follow VersionParser::normalize", () => {
    assert.equal(normalized("1.0"), "1.0.0.0");
    assert.equal(normalized("v6.0.0-BETA1"), "6.0.0.0-beta1");
    assert.equal(normalized("1.0-rc.2"), "1.0.0.0-RC2");
    assert.equal(normalized("1.0.0-p1"), "1.0.0.0-patch1");
    assert.equal(normalized("1.x-dev"), "1.9999999.9999999.9999999-dev");
    assert.equal(normalized("dev-main"), "dev-main");
    assert.equal(normalized("1.0 as 2.0"), "1.0.0.0");
    assert.equal(normalized("1.0@beta"), "1.0.0.0");
    assert.equal(normalized("2010-01-02"), "2010.01.02");
  });
  test("branch versions keep their name", () => {
    assert.equal(composerScheme.parse("dev-feature/foo", ECO).branch, "feature/foo");
    assert.equal(composerScheme.parse("1.0.0", ECO).branch, null);
  });
  for (const bad of ["", "  ", "foo", "1.0-foo", "1.0.0.0.0", "feature-dev", ">=1.0", "1234567.0"]) {
    test(`an invalid version is rejected with an InvalidVersionError naming it: ${JSON.stringify(bad)}`, () => {
      assert.ok(rejects(bad));
    });
  }
});

describe("composer: order properties (fast-check)", () => {
  const version = fc
    .record({
      v: fc.constantFrom("", "v"),
      release: fc.array(fc.constantFrom("0", "1", "2", "10", "x"), { minLength: 1, maxLength: 4 }),
      stability: fc.constantFrom("", "-alpha", "-a1", "-beta2", "-RC1", "-rc.3", "-patch1", "-p2", "-stable"),
      dev: fc.constantFrom("", "-dev"),
    })
    .map(({ v, release, stability, dev }) => {
      const numeric = release.map((r) => (r === "x" ? "0" : r));
      if (release.includes("x")) return `${numeric.slice(0, release.indexOf("x")).join(".") || "1"}.x-dev`;
      return v + numeric.join(".") + stability + dev;
    });
  const anyVersion = fc.oneof(version, fc.constantFrom("dev-master", "dev-main", "dev-feature/x"));
  test("reflexive and antisymmetric", () => {
    fc.assert(
      fc.property(anyVersion, anyVersion, (a, b) => {
        assert.equal(cmp(a, a), 0);
        assert.equal(cmp(a, b), 0 - cmp(b, a));
      }),
      { numRuns: 3000 },
    );
  });
  test("transitive", () => {
    fc.assert(
      fc.property(anyVersion, anyVersion, anyVersion, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(cmp) as [string, string, string];
        assert.ok(cmp(x, y) <= 0 && cmp(y, z) <= 0 && cmp(x, z) <= 0, `${x} ${y} ${z}`);
      }),
      { numRuns: 3000 },
    );
  });
});
