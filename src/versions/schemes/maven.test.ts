import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { mavenCanonical, mavenScheme } from "./maven.js";

const ECO = "Maven";

const shared = schemeTests(mavenScheme, ECO);
const { cmp } = shared;

describe("maven: ordering pinned against maven-artifact 3.8.7 ComparableVersion", () => {
  shared.referencePairs("maven-artifact 3.8.7 ComparableVersion.compareTo", 1000);
  shared.referenceForms("ComparableVersion", "canonical form", mavenCanonical);
});

describe("maven: named behaviours", () => {
  const table: OrderCase[] = [
    ["1.0-SNAPSHOT", "1.0", -1, "a snapshot precedes its release"],
    ["2.0.0.RELEASE", "2.0.0", 0, "RELEASE is an alias of the release"],
    ["5.3.20.Final", "5.3.20", 0, "Final is an alias of the release"],
    ["1.0-ga", "1.0", 0, "ga is an alias of the release"],
    ["1.0-rc1", "1.0-cr1", 0, "cr is an alias of rc"],
    ["1-sp1", "1", 1, "service packs follow the release"],
    ["1.0-alpha-1", "1.0-a1", 0, "a1 is shorthand for alpha-1"],
    ["1.0-b2", "1.0-beta-2", 0, "b2 is shorthand for beta-2"],
    ["1.0-m3", "1.0-milestone-3", 0, "m3 is shorthand for milestone-3"],
    ["1.0-alpha", "1.0-beta", -1, "alpha < beta"],
    ["1.0-beta", "1.0-milestone", -1, "beta < milestone"],
    ["1.0-milestone", "1.0-rc", -1, "milestone < rc"],
    ["1.0-rc", "1.0-snapshot", -1, "rc < snapshot"],
    ["1.0-sp", "1.0-foo", -1, "unknown qualifiers follow sp"],
    ["1.0-bar", "1.0-foo", -1, "unknown qualifiers order lexically"],
    ["1", "1.0.0", 0, "trailing zeros are padding"],
    ["1-0", "1", 0, "a trailing -0 is padding"],
    ["1.0-1", "1.0.1", -1, "a - sublist sorts before a . number"],
    ["1-1", "1-sp", 1, "a sublist follows a qualifier"],
    ["2.13.4.2", "2.13.4", 1, "a fourth number makes a later version"],
    ["1.0.0.x1", "1.0.0-x2", -1, "a trailing qualifier after . is a sublist"],
    ["1.0-ALPHA-1", "1.0-alpha-1", 0, "qualifiers are case-insensitive"],
    ["1.0000000000.1", "1.0.1", 1, "a 10-digit zero is a long item, above any int item"],
    ["1.99999999999999999999", "1.999999999999999999", 1, "big integers compare numerically"],
  ];
  shared.orderCases(table);
  test("canonical forms follow ComparableVersion", () => {
    assert.equal(mavenCanonical(mavenScheme.parse("1.0-alpha1", ECO)), "1-alpha-1");
    assert.equal(mavenCanonical(mavenScheme.parse("2.0.0.RELEASE", ECO)), "2");
  });
  shared.invalid(["", "   ", "\t"]);
});

describe("maven: order properties (fast-check)", () => {
  // ComparableVersion itself is not transitive when a qualifier follows a "." in the middle of a
  // version, or when a null item (0, ga, final) opens a "-" list and is followed by another "-"
  // (both pinned below). The generated versions avoid those shapes, as published Maven versions do:
  // qualifiers follow "-" or a number directly, "-" is followed by a non-zero number or a
  // qualifier, and ga/final appear only at the end.
  const qualifier = fc.constantFrom("alpha", "a", "beta", "b", "m", "rc", "cr", "snapshot", "sp", "foo");
  const number = fc.constantFrom("0", "1", "2", "10", "0000000000");
  const part = fc.oneof(
    fc.tuple(fc.constantFrom("-", ""), qualifier),
    fc.tuple(fc.constant("."), number),
    fc.tuple(fc.constant("-"), fc.constantFrom("1", "2", "10")),
  );
  const version = fc
    .tuple(
      fc.constantFrom("1", "2", "1.0"),
      fc.array(part, { maxLength: 5 }),
      fc.constantFrom("", "-ga", ".Final"),
    )
    .map(([head, rest, tail]) => head + rest.map(([s, p]) => s + p).join("") + tail);
  shared.orderProperties(version, 3000);
  test("like ComparableVersion, a qualifier after a middle '.' breaks transitivity (1.a.0 < 1.alpha < 1 < 1.a.0)", () => {
    assert.equal(cmp("1.a.0", "1.alpha"), -1);
    assert.equal(cmp("1.alpha", "1"), -1);
    assert.equal(cmp("1.a.0", "1"), 1);
  });
  test("like ComparableVersion, a null item opening a '-' list breaks transitivity (2-b < 2-ga-alpha < 2 < 2-b)", () => {
    assert.equal(cmp("2-b", "2-ga-alpha"), -1);
    assert.equal(cmp("2-ga-alpha", "2"), -1);
    assert.equal(cmp("2", "2-b"), -1);
    assert.equal(cmp("1-sp", "1-0-alpha"), -1);
    assert.equal(cmp("1-0-alpha", "1"), -1);
    assert.equal(cmp("1", "1-sp"), -1);
  });
});
