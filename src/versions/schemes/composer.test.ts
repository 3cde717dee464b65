import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { composerScheme } from "./composer.js";

const ECO = "Packagist";

const shared = schemeTests(composerScheme, ECO);

function normalized(v: string): string {
  return composerScheme.parse(v, ECO).normalized;
}

describe("composer: ordering pinned against composer/semver 3.3.2 on PHP 8.2", () => {
  shared.referencePairs("composer/semver 3.3.2's Comparator on normalised versions", 500);
  shared.referenceForms("VersionParser::normalize", "normalised form", (v) => v.normalized);
});

describe("composer: named behaviours", () => {
  const table: OrderCase[] = [
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
  shared.orderCases(table);
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
  shared.invalid(["", "  ", "foo", "1.0-foo", "1.0.0.0.0", "feature-dev", ">=1.0", "1234567.0"]);
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
  shared.orderProperties(anyVersion, 3000);
});
