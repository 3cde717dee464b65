import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { gemCanonical, gemScheme } from "./gem.js";

const ECO = "RubyGems";

const shared = schemeTests(gemScheme, ECO);
const { cmp } = shared;

describe("gem: ordering pinned against RubyGems 3.3.15 Gem::Version", () => {
  shared.referencePairs("RubyGems 3.3.15 Gem::Version#<=>", 500);
  shared.referenceForms("Gem::Version.correct?", "canonical segments", gemCanonical);
});

describe("gem: named behaviours", () => {
  const table: OrderCase[] = [
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
  shared.orderCases(table);
  test("prerelease is true when a letter appears", () => {
    assert.equal(gemScheme.parse("6.1.0.rc2", ECO).prerelease, true);
    assert.equal(gemScheme.parse("1.0-1", ECO).prerelease, true);
    assert.equal(gemScheme.parse("7.0.4.1", ECO).prerelease, false);
  });
  shared.invalid(["", "  ", "a", "1.", "1..0", "v1.0", ">= 1.0", "1.0+build", "1.0_1", "-1"]);
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
  shared.orderProperties(version, 3000);
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
