import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { genericScheme } from "./generic.js";

const shared = schemeTests(genericScheme, "Linux");

describe("generic scheme", () => {
  const pairs: OrderCase[] = [
    ["1.9", "1.10", -1, "numbers compare by value"],
    ["5.10.12", "5.10.9", 1, "numbers compare by value (Linux)"],
    ["1.02", "1.2", 0, "leading zeros do not matter"],
    ["1.0", "1.0.0", -1, "a prefix sorts first (Hackage, CRAN)"],
    ["0.10.2", "0.10.2.1", -1, "a prefix sorts first (Hackage)"],
    ["1.2-3", "1.2.3", 0, "separators only separate (CRAN 1.2-3 is 1.2.3)"],
    ["1.0-5", "1.0-10", -1, "CRAN patch numbers"],
    ["1_0_1", "1.0.1", 0, "underscores separate"],
    ["v2", "2", 0, "a leading v is dropped (GitHub Actions)"],
    ["V3.1", "3.1", 0, "a leading V is dropped"],
    ["v2", "v2.1.0", -1, "GitHub Actions major tag before its releases"],
    ["6.1-rc1", "6.1", -1, "rc is a prerelease (Linux)"],
    ["6.1-rc1", "6.1-rc2", -1, "prereleases compare by their numbers"],
    ["6.1-rc9", "6.1-rc10", -1, "prerelease numbers compare by value"],
    ["6.0.19", "6.1-rc1", -1, "a prerelease of a later version is later"],
    ["1.0-dev", "1.0-alpha", -1, "dev before alpha"],
    ["1.0-alpha", "1.0-beta", -1, "alpha before beta"],
    ["1.0-beta", "1.0-pre", -1, "beta before pre"],
    ["1.0-pre", "1.0-preview", -1, "pre before preview"],
    ["1.0-preview", "1.0-rc", -1, "preview before rc"],
    ["1.0-RC1", "1.0-rc1", 0, "words ignore case"],
    ["1.9.0-rc1", "1.9.0", -1, "Julia release candidates"],
    ["1.0~rc1", "1.0-rc1", -1, "~ sorts before everything"],
    ["1.0~rc1", "1.0", -1, "~ sorts before the end"],
    ["1.0~", "1.0", -1, "a bare ~ sorts before the end"],
    ["1.0-alpha", "1.0-alpha.beta", -1, "only the first word is a prerelease word"],
    ["1.0-alpha.1", "1.0-alpha.beta", 1, "numbers sort after words"],
    ["1.0", "1.0a", -1, "other words sort after the end (OpenSSL-style letters)"],
    ["1.0a", "1.0b", -1, "other words compare alphabetically"],
    ["1.0a", "1.0.1", -1, "numbers sort after words"],
    ["1.0", "1.0-patch1", -1, "a patch suffix is later"],
    ["2.4.57-r0", "2.4.57-r1", -1, "revision suffixes (Bitnami)"],
    ["1.25.3-debian-12-r0", "1.25.3-debian-12-r1", -1, "Bitnami image revisions"],
    ["9.4.7", "9.4.8", -1, "GHC"],
    ["5.7.0", "5.7.0", 0, "SwiftURL"],
    ["12345678901234567890", "12345678901234567891", -1, "numbers past 2^53 - 1 compare exactly"],
    ["20191109021931", "20200101000000", -1, "timestamps"],
  ];
  shared.orderCases(pairs);

  test("sorts a mixed list as documented", () => {
    const sorted = ["1.0~rc1", "1.0-dev", "1.0-beta2", "1.0-rc1", "1.0", "1.0a", "1.0.0", "1.0.1", "1.1"];
    const shuffled = [...sorted].reverse();
    const parsed = shuffled.map((v) => ({ v, p: genericScheme.parse(v, "Linux") }));
    parsed.sort((x, y) => genericScheme.compareParsed(x.p, y.p));
    assert.deepEqual(
      parsed.map((x) => x.v),
      sorted,
    );
  });

  const invalid = ["", " ", "\t", "  \n", " 1.0", "1.0 ", "1.0 LTS", "1.0\u0000", "...", "-", "~", "+~-"];
  shared.invalid(invalid);
});

describe("generic scheme properties", () => {
  const token = fc.constantFrom(
    "0",
    "1",
    "2",
    "10",
    "01",
    "a",
    "b",
    "rc",
    "alpha",
    "dev",
    "RC",
    "patch",
    "~",
    "v",
  );
  const sep = fc.constantFrom(".", "-", "_", "+", "");
  const version = fc
    .array(fc.tuple(sep, token), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.map(([s, t], i) => (i === 0 ? t : s + t)).join(""))
    .filter((v) => /[0-9A-Za-z]/.test(v));

  shared.orderProperties(version);
});
