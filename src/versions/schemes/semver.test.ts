import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import semver from "semver";
import { InvalidVersionError } from "../../errors.js";
import { semverScheme } from "./semver.js";

const cmp = (a: string, b: string): number =>
  Math.sign(semverScheme.compareParsed(semverScheme.parse(a, "npm"), semverScheme.parse(b, "npm")));

/** The opposite order (without a -0 that strict equality would tell from 0). */
const flip = (n: number): number => (n === 0 ? 0 : -n);

/** Rows of src/versions/testdata/semver-pairs.tsv, generated from the `semver` package. */
function referencePairs(): [string, string, number][] {
  const text = readFileSync(new URL("../testdata/semver-pairs.tsv", import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [a, b, expected] = line.split("\t");
      return [a!, b!, Number(expected)];
    });
}

describe("semver scheme", () => {
  test("agrees with the semver package on every reference pair, both ways round", () => {
    const pairs = referencePairs();
    assert.ok(pairs.length >= 500, `only ${pairs.length} reference pairs`);
    for (const [a, b, expected] of pairs) {
      assert.equal(cmp(a, b), expected, `${a} vs ${b}`);
      assert.equal(cmp(b, a), flip(expected), `${b} vs ${a}`);
    }
  });

  const ordered: [string, string, number][] = [
    ["1.0.0-alpha", "1.0.0-alpha.1", -1],
    ["1.0.0-alpha.1", "1.0.0-alpha.beta", -1],
    ["1.0.0-alpha.beta", "1.0.0-beta", -1],
    ["1.0.0-beta.2", "1.0.0-beta.11", -1],
    ["1.0.0-rc.9", "1.0.0-rc.10", -1],
    ["1.0.0-rc.1", "1.0.0", -1],
    ["4.17.20", "4.17.21", -1],
    ["0.4.0-alpha.3", "0.4.0", -1],
    ["0.4.0-alpha.3", "0.4.0-alpha.10", -1],
    ["1.0.0-A", "1.0.0-a", -1],
    ["1.0.0-0", "1.0.0-alpha", -1],
    ["1.0.0-1", "1.0.0-0a", -1],
    ["1.0.0+build.1", "1.0.0+build.2", 0],
    ["v1.2.3", "1.2.3", 0],
    ["=1.2.3", "1.2.3", 0],
    ["=v1.2.3", "v1.2.3", 0],
    ["1.2.3-99999999999999999998", "1.2.3-99999999999999999999", -1],
    ["1.2.3-9007199254740991", "1.2.3-9007199254740992", -1],
    ["1.2.3-99999999999999999999", "1.2.3-a", -1],
  ];
  for (const [a, b, expected] of ordered) {
    test(`${a} ${expected < 0 ? "<" : "="} ${b}`, () => {
      assert.equal(cmp(a, b), expected);
      assert.equal(cmp(b, a), flip(expected));
    });
  }

  const invalid = [
    "",
    " 1.2.3",
    "1.2.3 ",
    "1.2",
    "1",
    "1.2.3.4",
    "01.2.3",
    "1.02.3",
    "1.2.03",
    "1.2.3-01",
    "1.2.3-alpha.01",
    "1.2.3-",
    "1.2.3+",
    "1.2.3-alpha..1",
    "1.2.3-a_b",
    "1.2.3+b_c",
    "^1.2.3",
    "~1.2.3",
    ">=1.2.3",
    "1.2.3 - 2.0.0",
    "1.x",
    "1.2.x",
    "*",
    "latest",
    "vv1.2.3",
    "V1.2.3",
    "v=1.2.3",
    "9007199254740992.0.0",
    `1.2.3-${"a".repeat(300)}`,
  ];
  for (const v of invalid) {
    test(`rejects ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)} naming it`, () => {
      assert.throws(
        () => semverScheme.parse(v, "npm"),
        (e: unknown) =>
          e instanceof InvalidVersionError &&
          e.version === v &&
          e.ecosystem === "npm" &&
          e.message.includes(JSON.stringify(v)),
      );
    });
  }

  test("explains a range as a range", () => {
    assert.throws(() => semverScheme.parse("^1.2.3", "npm"), /a range or constraint, not a single version/);
  });

  test("parses build metadata but drops it from the order", () => {
    const v = semverScheme.parse("1.0.0-rc.1+sha.5114f85", "crates.io");
    assert.deepEqual(v.pre, ["rc", 1]);
    assert.deepEqual(v.build, ["sha", "5114f85"]);
  });
});

describe("semver scheme properties", () => {
  // Small number and identifier ranges, so that random versions collide often enough to exercise ties.
  const identifier = fc.oneof(
    fc.nat({ max: 3 }).map(String),
    fc.constantFrom("alpha", "beta", "rc", "A", "a", "0a", "x-y", "9007199254740993"),
  );
  const version = fc
    .record({
      major: fc.nat({ max: 2 }),
      minor: fc.nat({ max: 2 }),
      patch: fc.nat({ max: 2 }),
      pre: fc.array(identifier, { maxLength: 3 }),
      build: fc.array(identifier, { maxLength: 2 }),
    })
    .map(
      ({ major, minor, patch, pre, build }) =>
        `${major}.${minor}.${patch}${pre.length ? `-${pre.join(".")}` : ""}${build.length ? `+${build.join(".")}` : ""}`,
    );

  test("reflexive: every version equals itself", () => {
    fc.assert(fc.property(version, (a) => cmp(a, a) === 0));
  });

  test("antisymmetric: swapping the operands flips the sign", () => {
    fc.assert(fc.property(version, version, (a, b) => cmp(a, b) === -cmp(b, a)));
  });

  test("transitive: a <= b and b <= c imply a <= c", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        if (cmp(a, b) <= 0 && cmp(b, c) <= 0) return cmp(a, c) <= 0;
        return true;
      }),
    );
  });

  test("agrees with semver.compare on random versions with safe numbers", () => {
    const safe = version.filter((v) => !v.includes("9007199254740993"));
    fc.assert(fc.property(safe, safe, (a, b) => cmp(a, b) === semver.compare(a, b)));
  });
});
