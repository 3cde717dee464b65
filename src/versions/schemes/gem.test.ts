import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidVersionError } from "../../errors.js";
import { gemCanonical, gemScheme } from "./gem.js";

const ECO = "RubyGems";

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
  return Math.sign(gemScheme.compareParsed(gemScheme.parse(a, ECO), gemScheme.parse(b, ECO))) || 0;
}

function rejects(version: string): boolean {
  try {
    gemScheme.parse(version, ECO);
    return false;
  } catch (e) {
    return (
      e instanceof InvalidVersionError && e.version === version && e.message.includes(JSON.stringify(version))
    );
  }
}

describe("gem: ordering pinned against RubyGems 3.3.15 Gem::Version", () => {
  const pairs = rows("gem-pairs.tsv");
  test("the pairs file is large enough to mean something", () => {
    assert.ok(pairs.length >= 500, `only ${pairs.length} pairs`);
  });
  test("every generated pair compares as Gem::Version#<=> does (both directions)", () => {
    const failures: string[] = [];
    for (const [a = "", b = "", expected = ""] of pairs) {
      const want = Number(expected);
      if (cmp(a, b) !== want) failures.push(`${a} vs ${b}: want ${want}, got ${cmp(a, b)}`);
      if (cmp(b, a) !== 0 - want) failures.push(`${b} vs ${a}: want ${0 - want}, got ${cmp(b, a)}`);
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} mismatches`);
  });
  test("every generated version is accepted or rejected as Gem::Version.correct? does, with its canonical segments", () => {
    const failures: string[] = [];
    for (const [version = "", status = "", form = ""] of rows("gem-versions.tsv")) {
      if (status === "invalid") {
        if (!rejects(version)) failures.push(`${JSON.stringify(version)} should be rejected`);
        continue;
      }
      try {
        const got = gemCanonical(gemScheme.parse(version, ECO));
        if (got !== form) failures.push(`${JSON.stringify(version)}: want ${form}, got ${got}`);
      } catch (e) {
        failures.push(`${JSON.stringify(version)} rejected: ${String(e)}`);
      }
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} mismatches`);
  });
});

describe("gem: named behaviours", () => {
  const table: [string, string, number, string][] = [
    ["7.0.4.1", "7.0.4", 1, "a fourth number makes a later version"],
    ["6.1.0.rc2", "6.1.0", -1, "a release candidate precedes its release"],
    ["6.1.0.rc1", "6.1.0.rc2", -1, "pre-release numbers order"],
    ["6.1.0.beta1", "6.1.0.rc1", -1, "pre-release letters order as text"],
    ["1.0.a", "1.0", -1, "a letter segment precedes the release"],
    ["1.0.a", "1.0.b", -1, "letter segments order as text"],
    ["1.0.A", "1.0.a", -1, "letter segments are case-sensitive (ASCII order)"],
    ["1.0", "1.0.0", 0, "trailing zeros are padding"],
    ["1.0.a", "1.0.0.a", 0, "zeros before the first letter segment are padding"],
    ["1.0.a.0", "1.0.a", 0, "trailing zeros after a letter segment are padding"],
    ["1.0.a1", "1.0.a.1", 0, "letters and digits split into segments"],
    ["1.0-1", "1.0.pre.1", 0, "- means .pre."],
    ["1.0.1.a", "1.0", 1, "a pre-release of a later version follows the release"],
    ["1.10", "1.9", 1, "numbers compare numerically"],
    [" 1.0 ", "1.0", 0, "surrounding whitespace is ignored"],
    ["1.99999999999999999999", "2", -1, "long numbers compare exactly"],
  ];
  for (const [a, b, want, why] of table) {
    test(`${why}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      assert.equal(cmp(a, b), want);
      assert.equal(cmp(b, a), 0 - want);
    });
  }
  test("prerelease is true when a letter appears", () => {
    assert.equal(gemScheme.parse("6.1.0.rc2", ECO).prerelease, true);
    assert.equal(gemScheme.parse("1.0-1", ECO).prerelease, true);
    assert.equal(gemScheme.parse("7.0.4.1", ECO).prerelease, false);
  });
  for (const bad of ["", "  ", "a", "1.", "1..0", "v1.0", ">= 1.0", "1.0+build", "1.0_1", "-1"]) {
    test(`an invalid version is rejected with an InvalidVersionError naming it: ${JSON.stringify(bad)}`, () => {
      assert.ok(rejects(bad));
    });
  }
});

describe("gem: order properties (fast-check)", () => {
  const seg = fc.constantFrom("0", "1", "2", "10", "a", "b", "rc", "pre", "A", "a1", "0a");
  const version = fc
    .tuple(
      fc.constantFrom("0", "1", "2"),
      fc.array(seg, { maxLength: 5 }),
      fc.constantFrom("", "-1", "-rc.2"),
    )
    .map(([head, rest, tail]) => [head, ...rest].join(".") + tail);
  test("reflexive and antisymmetric", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        assert.equal(cmp(a, a), 0);
        assert.equal(cmp(a, b), 0 - cmp(b, a));
      }),
      { numRuns: 3000 },
    );
  });
  test("transitive", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(cmp) as [string, string, string];
        assert.ok(cmp(x, y) <= 0 && cmp(y, z) <= 0 && cmp(x, z) <= 0, `${x} ${y} ${z}`);
      }),
      { numRuns: 3000 },
    );
  });
  test("equal versions have the same canonical segments", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        if (cmp(a, b) === 0) {
          assert.equal(gemCanonical(gemScheme.parse(a, ECO)), gemCanonical(gemScheme.parse(b, ECO)));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
