import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { complement, type Interval, intersectAll, intervalEvents, union } from "./intervals.js";
import { compareSemver } from "./semver-ranges.js";

const cmp = compareSemver;
const incl = (version: string) => ({ version, inclusive: true });
const excl = (version: string) => ({ version, inclusive: false });

describe("version intervals", () => {
  test("union merges overlapping and touching intervals, keeps gaps", () => {
    const got = union(
      [
        { lower: incl("2.0.0"), upper: excl("3.0.0") },
        { lower: incl("1.0.0"), upper: excl("2.0.0") },
        { lower: excl("4.0.0"), upper: incl("5.0.0") },
      ],
      cmp,
    );
    assert.deepEqual(got, [
      { lower: incl("1.0.0"), upper: excl("3.0.0") },
      { lower: excl("4.0.0"), upper: incl("5.0.0") },
    ]);
  });

  test("two exclusive ends at the same version do not touch", () => {
    assert.equal(union([{ upper: excl("1.0.0") }, { lower: excl("1.0.0") }], cmp).length, 2);
  });

  test("complement flips bound inclusiveness and covers both ends", () => {
    const got = complement([{ lower: incl("1.0.0"), upper: excl("2.0.0") }], cmp);
    assert.deepEqual(got, [{ upper: excl("1.0.0") }, { lower: incl("2.0.0") }]);
    assert.deepEqual(complement([], cmp), [{}]);
    assert.deepEqual(complement([{}], cmp), []);
  });

  test("intersectAll keeps what both sides hold", () => {
    const a: Interval[] = [{ lower: incl("1.0.0"), upper: excl("3.0.0") }];
    const b: Interval[] = [{ upper: incl("1.5.0") }, { lower: incl("2.5.0") }];
    assert.deepEqual(intersectAll(a, b, cmp), [
      { lower: incl("1.0.0"), upper: incl("1.5.0") },
      { lower: incl("2.5.0"), upper: excl("3.0.0") },
    ]);
  });

  test("events: unbounded below is introduced 0; inclusive upper is last_affected", () => {
    assert.deepEqual(intervalEvents({ upper: incl("1.0.0") }), [
      { introduced: "0" },
      { last_affected: "1.0.0" },
    ]);
    assert.deepEqual(intervalEvents({ lower: incl("1.0.0"), upper: excl("2.0.0") }), [
      { introduced: "1.0.0" },
      { fixed: "2.0.0" },
    ]);
    assert.deepEqual(intervalEvents({ lower: excl("1.0.0") }), [{ introduced: "1.0.0" }]);
  });
});
