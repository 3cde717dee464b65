import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { pubScheme } from "./pub.js";

// No Dart SDK is packaged for Debian, so the expectations below come from pub_semver's own documentation and
// its test suite (test/version_test.dart, "comparison"), plus real pub.dev versions.

const shared = schemeTests(pubScheme, "Pub");
const { cmp } = shared;

/** Every element below every later one, equal to itself. */
function assertAscending(versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = 0; j < versions.length; j++) {
      const expected = Math.sign(i - j);
      assert.equal(cmp(versions[i]!, versions[j]!), expected, `${versions[i]} vs ${versions[j]}`);
    }
  }
}

describe("pub scheme", () => {
  test("orders pub_semver's own comparison list, builds included", () => {
    assertAscending([
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0-rc.1+build.1",
      "1.0.0",
      "1.0.0+0.3.7",
      "1.3.7+build",
      "1.3.7+build.2.b8f12d7",
      "1.3.7+build.11.e0f985a",
      "2.0.0",
      "2.1.0",
      "2.2.0",
      "2.11.0",
      "2.11.1",
    ]);
  });

  test("orders real pub.dev and Flutter versions", () => {
    assertAscending([
      "0.13.5",
      "0.13.6",
      "1.0.0-nullsafety.0",
      "1.0.0-nullsafety.2",
      "1.0.0-nullsafety.10",
      "1.0.0",
      "1.0.0+1",
      "1.0.0+2",
      "1.0.0+10",
      "1.0.0+hotfix.1",
      "2.10.0-0.0.pre",
      "2.10.0-0.1.pre",
      "2.10.0",
      "3.0.0-dev.0",
      "3.0.0-dev.1",
      "3.0.0",
    ]);
  });

  const pairs: OrderCase[] = [
    ["1.0.0", "1.0.0+1", -1],
    ["1.0.0+1", "1.0.0+01", 0],
    ["1.02.3", "1.2.3", 0],
    ["1.0.0-beta+1", "1.0.0", -1],
    ["1.0.0-1", "1.0.0-a", -1],
    ["1.0.0+1", "1.0.0+a", -1],
    ["1.0.0+a", "1.0.0+a.b", -1],
    ["1.0.0-A", "1.0.0-a", -1],
    ["1.0.0+99999999999999999999", "1.0.0+99999999999999999998", 1],
  ];
  shared.orderCases(pairs);

  // The first seven are pub_semver's own "parse" rejections.
  const invalid = [
    "1.0",
    "1.2.3.4",
    "1234",
    "-2.3.4",
    "1.3-pre",
    "1.3+build",
    "1.3+bu?!3ild",
    "",
    "v1.0.0",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-a..b",
    " 1.0.0",
    "^1.0.0",
    "any",
  ];
  shared.invalid(invalid);
});

describe("pub scheme properties", () => {
  const n = fc.nat({ max: 2 });
  const id = fc.constantFrom("0", "1", "2", "01", "10", "pre", "dev", "hotfix", "A");
  const version = fc
    .record({
      core: fc.tuple(n, n, n),
      pre: fc.array(id, { maxLength: 2 }),
      build: fc.array(id, { maxLength: 2 }),
    })
    .map(
      ({ core, pre, build }) =>
        `${core.join(".")}${pre.length ? `-${pre.join(".")}` : ""}${build.length ? `+${build.join(".")}` : ""}`,
    );

  shared.orderProperties(version);
});
