import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidVersionError } from "../../errors.js";
import { hexScheme } from "./hex.js";

const cmp = (a: string, b: string): number =>
  Math.sign(hexScheme.compareParsed(hexScheme.parse(a, "Hex"), hexScheme.parse(b, "Hex")));

/** The opposite order (without a -0 that strict equality would tell from 0). */
const flip = (n: number): number => (n === 0 ? 0 : -n);

/** Rows of src/versions/testdata/hex-pairs.tsv, generated with Elixir's Version.compare/2. */
function referencePairs(): [string, string, number][] {
  const text = readFileSync(new URL("../testdata/hex-pairs.tsv", import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [a, b, expected] = line.split("\t");
      return [a!, b!, Number(expected)];
    });
}

describe("hex scheme", () => {
  test("agrees with Elixir's Version.compare on every reference pair, both ways round", () => {
    const pairs = referencePairs();
    assert.ok(pairs.length >= 90, `only ${pairs.length} reference pairs`);
    for (const [a, b, expected] of pairs) {
      assert.equal(cmp(a, b), expected, `${a} vs ${b}`);
      assert.equal(cmp(b, a), flip(expected), `${b} vs ${a}`);
    }
  });

  const ordered: [string, string, number][] = [
    ["1.0.0-rc.1", "1.0.0", -1],
    ["1.7.0-rc.2", "1.7.0-rc.10", -1],
    ["0.1.0-dev", "0.1.0", -1],
    ["2.0.0-alpha.2", "2.0.0-alpha.10", -1],
    ["1.0.0-0", "1.0.0-alpha", -1],
    ["1.0.0+build.1", "1.0.0+build.2", 0],
    ["1.0.0-rc.1+build.5", "1.0.0-rc.1", 0],
    ["1.6.16", "1.7.0-rc.0", -1],
  ];
  for (const [a, b, expected] of ordered) {
    test(`${a} ${expected < 0 ? "<" : "="} ${b}`, () => {
      assert.equal(cmp(a, b), expected);
      assert.equal(cmp(b, a), flip(expected));
    });
  }

  // Each of these is also :error for Elixir 1.14's Version.parse/1.
  const invalid = [
    "",
    "v1.0.0",
    "=1.0.0",
    "1.0",
    "1",
    "1.0.0.0",
    "01.0.0",
    "1.0.0-01",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-a..b",
    "1.0.0-a_b",
    " 1.0.0",
    "1.0.0 ",
    "~> 1.0",
    ">= 1.0.0",
  ];
  for (const v of invalid) {
    test(`rejects ${JSON.stringify(v)} naming it`, () => {
      assert.throws(
        () => hexScheme.parse(v, "Hex"),
        (e: unknown) =>
          e instanceof InvalidVersionError && e.version === v && e.message.includes(JSON.stringify(v)),
      );
    });
  }
});

describe("hex scheme properties", () => {
  const n = fc.nat({ max: 2 });
  const id = fc.constantFrom("0", "1", "2", "10", "rc", "dev", "alpha", "A");
  const version = fc
    .record({
      core: fc.tuple(n, n, n),
      pre: fc.array(id, { maxLength: 3 }),
      build: fc.array(id, { maxLength: 1 }),
    })
    .map(
      ({ core, pre, build }) =>
        `${core.join(".")}${pre.length ? `-${pre.join(".")}` : ""}${build.length ? `+${build.join(".")}` : ""}`,
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
});
