import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { schemeTests } from "../test-support/scheme-tests.js";
import { rpmScheme, rpmvercmp } from "./rpm.js";

const shared = schemeTests(rpmScheme, "Red Hat");
const { cmp } = shared;

describe("rpm scheme against rpm.labelCompare", () => {
  shared.referencePairs("rpm", 500);
});

describe("rpm ordering rules", () => {
  test("the epoch beats version and release; a missing epoch is 0", () => {
    assert.equal(cmp("1:1.1.1k-7.el8_6", "3.0.7-27.el9"), 1);
    assert.equal(cmp("0:2.28-189.el9", "2.28-189.el9"), 0);
    assert.equal(cmp("00:1.0", "0:1.0"), 0);
  });

  test("numeric segments compare as numbers, leading zeros ignored, any length", () => {
    assert.equal(cmp("4.18.0-372.9.1.el8", "4.18.0-372.26.1.el8_6"), -1);
    assert.equal(cmp("1.01", "1.1"), 0);
    assert.equal(cmp("1.99999999999999999999", "1.100000000000000000000"), -1);
  });

  test("a numeric segment is newer than a letter segment", () => {
    assert.equal(cmp("1.0.1", "1.0.a"), 1);
    assert.equal(cmp("1.0a", "1.0.1"), -1);
  });

  test("'~' sorts before everything, even the end (pre-release)", () => {
    assert.equal(cmp("1.0~rc1", "1.0"), -1);
    assert.equal(cmp("3.12.0~rc1-1.fc39", "3.12.0~b4-1.fc39"), 1);
  });

  test("'^' sorts after the end but before more segments (post-release snapshot)", () => {
    assert.equal(cmp("1.0^post1", "1.0"), 1);
    assert.equal(cmp("1.0^post1", "1.0.1"), -1);
    assert.equal(cmp("1.0^", "1.0~"), 1);
  });

  test("separators only separate: 1.0, 1_0 and 1..0 are equal", () => {
    assert.equal(rpmvercmp("1.0", "1_0"), 0);
    assert.equal(rpmvercmp("1.0", "1..0"), 0);
  });

  test("el8_6 (z-stream) is newer than el8 for the same release number", () => {
    assert.equal(cmp("2.0-1.el8_6", "2.0-1.el8"), 1);
  });

  test("labelCompare: without a release a version sorts below the same version with one", () => {
    assert.equal(cmp("1.0", "1.0-1"), -1);
    assert.equal(cmp("1.0-1", "1.0"), 1);
  });

  test("the epoch is what precedes ':', the release what follows the last '-'", () => {
    assert.deepEqual(rpmScheme.parse("2:8.0.1763-19.el8_6.4", "Red Hat"), {
      epoch: "2",
      version: "8.0.1763",
      release: "19.el8_6.4",
    });
    assert.deepEqual(rpmScheme.parse("1.0-1-2", "SUSE"), { epoch: "", version: "1.0-1", release: "2" });
  });
});

describe("rpm invalid versions", () => {
  // rpm itself accepts any non-empty string (rpm.ver("1.0 x") is fine): these are the versions no package
  // can carry (rpmbuild refuses them), rejected so that garbage in a feed is reported, not ordered.
  const invalid = [
    "",
    "1.0-",
    "-1",
    ":1.0",
    "a:1.0",
    "1:",
    "1:-1",
    "1.0 1",
    " 1.0",
    "1.0%{?dist}",
    "1.0/1",
    "1.0é",
    "1.0-1:2",
  ];
  shared.invalid(invalid, "AlmaLinux:9");
});

/** EVRs from rpm's segment alphabet, short enough that ties and near-ties are common. */
const rpmVersion = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    fc.stringMatching(/^[0-9a-cA][0-9a-c._+~^]{0,5}$/),
    fc.option(fc.stringMatching(/^[0-9a-c._~^]{1,3}$/), { nil: undefined }),
  )
  .map(([e, v, r]) => `${e === undefined ? "" : `${e}:`}${v}${r === undefined ? "" : `-${r}`}`);

describe("rpm order properties", () => {
  shared.orderProperties(rpmVersion, 2000);
});
