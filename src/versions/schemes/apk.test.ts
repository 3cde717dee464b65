import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { InvalidVersionError } from "../../errors.js";
import { schemeTests } from "../test-support/scheme-tests.js";
import { readInvalid } from "../test-support/version-pairs.js";
import { apkScheme } from "./apk.js";

const shared = schemeTests(apkScheme, "Alpine");
const { cmp } = shared;

describe("apk scheme against apk version -t", () => {
  shared.referencePairs("apk-tools", 500);
});

describe("apk scheme rejects the versions apk version -c rejects (testdata/apk-invalid.tsv)", () => {
  shared.invalid(readInvalid("apk-invalid.tsv"), "Alpine:v3.11");
});

describe("apk scheme on real secdb data", () => {
  const feeds = new URL("../../../../shared/feeds/", import.meta.url);

  function secfixesKeys(file: URL): string[] {
    const db = JSON.parse(readFileSync(file, "utf8")) as {
      packages: { pkg: { secfixes?: Record<string, unknown> | null } }[] | null;
    };
    return (db.packages ?? []).flatMap((p) => Object.keys(p.pkg.secfixes ?? {}));
  }

  test("accepts every secfixes key of Alpine, Wolfi and Chainguard that apk accepts, and only those", () => {
    const files: URL[] = [new URL("wolfi/security.json", feeds), new URL("chainguard/security.json", feeds)];
    const secdb = new URL("alpine-secdb/", feeds);
    for (const release of readdirSync(secdb)) {
      for (const f of readdirSync(new URL(`${release}/`, secdb)))
        files.push(new URL(`${release}/${f}`, secdb));
    }
    const rejectedByApk = new Set(readInvalid("apk-invalid.tsv").map((r) => r.version));
    const keys = [...new Set(files.flatMap(secfixesKeys))];
    assert.ok(keys.length > 1000, `${keys.length} secfixes keys`);
    const wrong = keys.filter((v) => {
      let ok = true;
      try {
        apkScheme.parse(v, "Alpine");
      } catch {
        ok = false;
      }
      return ok === rejectedByApk.has(v);
    });
    assert.deepEqual(wrong, []);
  });
});

describe("apk ordering rules", () => {
  test("suffixes: _alpha < _beta < _pre < _rc < none < _cvs < _svn < _git < _hg < _p", () => {
    const order = [
      "1.0_alpha",
      "1.0_beta",
      "1.0_pre",
      "1.0_rc",
      "1.0",
      "1.0_cvs",
      "1.0_svn",
      "1.0_git",
      "1.0_hg",
      "1.0_p",
    ];
    for (let i = 0; i + 1 < order.length; i++) assert.equal(cmp(order[i]!, order[i + 1]!), -1, order[i]);
  });

  test("a suffix's number orders within the suffix; no number sorts below 0", () => {
    assert.equal(cmp("1.0_rc1", "1.0_rc10"), -1);
    assert.equal(cmp("1.0_p", "1.0_p0"), -1);
  });

  test("the -rN revision orders last; no revision sorts below -r0", () => {
    assert.equal(cmp("1.0-r1", "1.0-r10"), -1);
    assert.equal(cmp("1.0", "1.0-r0"), -1);
    assert.equal(cmp("1.0_p1-r0", "1.0-r9"), 1);
  });

  test("a trailing letter sorts above the bare version and below a further component", () => {
    assert.equal(cmp("1.0a", "1.0"), 1);
    assert.equal(cmp("1.0a", "1.0.1"), -1);
  });

  test("a component with a leading zero compares as a string (1.05 < 1.1, 1.0 < 1.00)", () => {
    assert.equal(cmp("1.05", "1.1"), -1);
    assert.equal(cmp("1.0", "1.00"), -1);
    assert.equal(cmp("01.0", "1.0"), 0);
  });

  test("numbers of any length compare numerically", () => {
    assert.equal(cmp("1.99999999999999999", "1.100000000000000000"), -1);
  });

  test("a ~hash compares as a string and sorts below a -rN revision", () => {
    assert.equal(cmp("1.0~abc", "1.0~abd"), -1);
    assert.equal(cmp("1.0~abc", "1.0-r1"), 1);
    assert.equal(cmp("1.0~abc123-r1", "1.0~abc123"), 1);
  });

  test("the empty version is rejected", () => {
    assert.throws(() => apkScheme.parse("", "Wolfi"), InvalidVersionError);
  });
});

/** Versions built from apk's grammar, short enough that ties and near-ties are common. */
const apkVersion = fc
  .tuple(
    fc.array(fc.stringMatching(/^[0-9]{1,2}$/), { minLength: 1, maxLength: 3 }),
    fc.option(fc.constantFrom("a", "b", "z"), { nil: undefined }),
    fc.array(
      fc.tuple(
        fc.constantFrom("alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"),
        fc.option(fc.stringMatching(/^[0-9]{1,2}$/), { nil: undefined }),
      ),
      { maxLength: 2 },
    ),
    fc.option(fc.stringMatching(/^[0-9a-f]{1,3}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[0-9]{1,2}$/), { nil: undefined }),
  )
  .map(
    ([nums, letter, suffixes, hash, rev]) =>
      nums.join(".") +
      (letter ?? "") +
      suffixes.map(([s, n]) => `_${s}${n ?? ""}`).join("") +
      (hash === undefined ? "" : `~${hash}`) +
      (rev === undefined ? "" : `-r${rev}`),
  );

describe("apk order properties", () => {
  shared.orderProperties(apkVersion, 2000);
});
