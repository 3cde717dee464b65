import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import semver from "semver";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { semverScheme } from "./semver.js";

const shared = schemeTests(semverScheme, "npm");
const { cmp } = shared;

describe("semver scheme", () => {
  shared.referencePairs("the semver package", 500);

  const ordered: OrderCase[] = [
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
  shared.orderCases(ordered);

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
  shared.invalid(invalid);

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

  shared.orderProperties(version);

  test("agrees with semver.compare on random versions with safe numbers", () => {
    const safe = version.filter((v) => !v.includes("9007199254740993"));
    fc.assert(fc.property(safe, safe, (a, b) => cmp(a, b) === semver.compare(a, b)));
  });
});
