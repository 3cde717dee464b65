import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidVersionError } from "../../errors.js";
import { schemeTests } from "../test-support/scheme-tests.js";
import { readInvalid } from "../test-support/version-pairs.js";
import { dpkgScheme } from "./dpkg.js";

const shared = schemeTests(dpkgScheme, "Debian");
const { cmp } = shared;

describe("dpkg scheme against dpkg --compare-versions", () => {
  shared.referencePairs("dpkg", 500);
});

describe("dpkg scheme rejects the versions dpkg rejects or warns about (testdata/dpkg-invalid.tsv)", () => {
  shared.invalid(readInvalid("dpkg-invalid.tsv"), "Debian:12");
});

describe("dpkg scheme on real Debian data", () => {
  const feeds = new URL("../../../../shared/feeds/", import.meta.url);

  test("accepts every Version of the real dpkg status files", () => {
    const dir = new URL("artifacts/dpkg/", feeds);
    const versions = readdirSync(dir)
      .filter((f) => f.endsWith(".status"))
      .flatMap((f) =>
        [...readFileSync(new URL(f, dir), "utf8").matchAll(/^Version: (.+)$/gm)].map((m) => m[1]!),
      );
    assert.ok(versions.length > 100);
    for (const v of versions) dpkgScheme.parse(v, "Debian");
  });

  test("accepts every fixed version of the security tracker's DSA and DLA lists", () => {
    let count = 0;
    for (const list of ["DSA", "DLA"]) {
      const text = readFileSync(new URL(`debian/security-tracker-data/${list}/list`, feeds), "utf8");
      for (const m of text.matchAll(/^\t(?:\[[^\]]+\] )?- \S+ ([0-9]\S*)/gm)) {
        dpkgScheme.parse(m[1]!, "Debian");
        count++;
      }
    }
    assert.ok(count > 5000, `${count} fixed versions`);
  });
});

describe("dpkg ordering rules", () => {
  test("the epoch beats the upstream version", () => {
    assert.equal(cmp("1:1.0", "2.0"), 1);
    assert.equal(cmp("1:2.0~beta1-1", "2:0.1"), -1);
  });

  test("a missing epoch is epoch 0", () => {
    assert.equal(cmp("0:1.0-1", "1.0-1"), 0);
  });

  test("'~' sorts before everything, even the end of the string", () => {
    assert.equal(cmp("1.0~rc1", "1.0"), -1);
    assert.equal(cmp("1.0~~", "1.0~"), -1);
    assert.equal(cmp("1.0-1~deb12u1", "1.0-1"), -1);
  });

  test("letters sort before other symbols, and the end before letters", () => {
    assert.equal(cmp("1.0a", "1.0+"), -1);
    assert.equal(cmp("1.0", "1.0a"), -1);
    assert.equal(cmp("1.0+b1", "1.0.1"), -1);
  });

  test("digit runs compare as numbers of any length, leading zeros ignored", () => {
    assert.equal(cmp("1.10", "1.9"), 1);
    assert.equal(cmp("1.0-00001", "1.0-1"), 0);
    assert.equal(cmp("1.99999999999999999999", "1.100000000000000000000"), -1);
  });

  test("a missing revision equals revision 0", () => {
    assert.equal(cmp("1.0", "1.0-0"), 0);
    assert.equal(cmp("1.0", "1.0-1"), -1);
  });

  test("security and backport suffixes order as Debian uses them", () => {
    assert.equal(cmp("2.4.56-1~deb11u1", "2.4.56-1"), -1);
    assert.equal(cmp("1.2.3-1+deb12u1", "1.2.3-1"), 1);
    assert.equal(cmp("1.2.3-1+b1", "1.2.3-1+deb12u1"), -1);
    assert.equal(cmp("1.2.3-1~bpo11+1", "1.2.3-1"), -1);
  });

  test("surrounding whitespace is ignored, as dpkg ignores it", () => {
    assert.equal(cmp(" 1.0-1\n", "1.0-1"), 0);
  });

  test("the last '-' splits off the revision, the first ':' the epoch", () => {
    assert.deepEqual(dpkgScheme.parse("1:2.0-rc1-3", "Debian"), {
      epoch: 1,
      upstream: "2.0-rc1",
      revision: "3",
    });
    assert.deepEqual(dpkgScheme.parse("1:2:3", "Debian"), { epoch: 1, upstream: "2:3", revision: "" });
  });

  test("the empty version is rejected (dpkg would read it as a blank version)", () => {
    assert.throws(() => dpkgScheme.parse("", "Ubuntu"), InvalidVersionError);
  });
});

/** Versions built from dpkg's own alphabet, short enough that ties and near-ties are common. */
const dpkgVersion = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    fc.stringMatching(/^[0-9][0-9a-cA.+~]{0,5}$/),
    fc.option(fc.stringMatching(/^[0-9a-c.+~]{1,3}$/), { nil: undefined }),
  )
  .map(([e, u, r]) => `${e === undefined ? "" : `${e}:`}${u}${r === undefined ? "" : `-${r}`}`);

describe("dpkg order properties", () => {
  shared.orderProperties(dpkgVersion, 2000);
});
