import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { nugetScheme } from "./nuget.js";

const shared = schemeTests(nugetScheme, "NuGet");

// No .NET SDK is packaged for Debian, so these expectations were written by hand from NuGet.Versioning's
// source (NuGetVersionFactory.cs and VersionComparer.cs in github.com/NuGet/NuGet.Client), its documented
// rules (https://learn.microsoft.com/nuget/concepts/package-versioning) and real nuget.org versions.

describe("nuget scheme", () => {
  const pairs: OrderCase[] = [
    // normalisation of missing parts and leading zeros
    ["1.0", "1.0.0", 0],
    ["1.0.0", "1.0.0.0", 0],
    ["1", "1.0.0.0", 0],
    ["1.0+test", "1.0.0.0", 0],
    ["1.0.01", "1.0.1.0", 0],
    ["2.1.0.0", "2.1.0.1", -1],
    ["4.0.30319.1", "4.0.30319.17929", -1],
    ["1.0.0.0-beta", "1.0.0.1", -1],
    ["1.0.0.1-beta", "1.0.0.1", -1],
    ["1.0.0.1", "1.0.1", -1],
    // case-insensitive labels, build metadata ignored
    ["1.0.0-Beta", "1.0.0-beta", 0],
    ["1.0.0-BETA+AA", "1.0.0-beta+aa", 0],
    ["1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.77.0+aa", 0],
    ["1.0.0", "1.0.0+beta", 0],
    ["1.0.0.1-1.2.A", "1.0.0.1-1.2.a+A", 0],
    ["1.0.0-RC", "1.0.0-beta", 1],
    // SemVer 2.0.0 precedence of labels
    ["1.0.0-alpha", "1.0.0-alpha.1", -1],
    ["1.0.0-alpha.1", "1.0.0-alpha.beta", -1],
    ["1.0.0-alpha.beta", "1.0.0-beta", -1],
    ["1.0.0-beta", "1.0.0-beta.2", -1],
    ["1.0.0-beta.2", "1.0.0-beta.11", -1],
    ["1.0.0-beta.11", "1.0.0-rc.1", -1],
    ["1.0.0-rc.1", "1.0.0", -1],
    ["1.0.0-1", "1.0.0-a", -1],
    // legacy labels: digits and letters in one label compare as text
    ["2.2.0-preview1-35029", "2.2.0-preview2-35157", -1],
    ["1.0.0-beta10", "1.0.0-beta9", -1],
    // .NET previews and release candidates
    ["6.0.0-preview.7.21377.19", "6.0.0-preview.7.21377.19", 0],
    ["6.0.0-preview.6.21352.12", "6.0.0-preview.7.21377.19", -1],
    ["6.0.0-preview.7", "6.0.0-preview.7.21377.19", -1],
    ["6.0.0-preview.7.21377.19", "6.0.0-rc.1.21451.13", -1],
    ["6.0.0-rc.2.21480.5", "6.0.0", -1],
    ["5.0.17", "6.0.0-preview.1.21102.12", -1],
    ["12.0.3", "13.0.1", -1],
    ["3.0.0-preview-18579-0056", "3.0.0-preview-19074-0011", -1],
    // a label past int.MaxValue is not a number for .NET's int.TryParse, so it compares as text
    ["1.0.0-3", "1.0.0-2147483648", -1],
    ["1.0.0-2147483647", "1.0.0-2147483648", -1],
    ["1.0.0-2147483648", "1.0.0-a", -1],
    // .NET's int.TryParse also reads a sign: a label "-1" is the number -1
    ["1.0.0--1", "1.0.0-0", -1],
    ["1.0.0--1", "1.0.0--a", -1],
  ];
  shared.orderCases(pairs);

  test("keeps the fourth part and lower-cases labels once, at parse time", () => {
    assert.deepEqual(nugetScheme.parse("1.2.3.4-Preview.7+sha", "NuGet"), {
      major: 1,
      minor: 2,
      patch: 3,
      revision: 4,
      labels: ["preview", 7],
    });
  });

  const invalid = [
    "",
    " ",
    " 1.0.0",
    "1.0.0 ",
    "1.",
    ".1",
    "1..0",
    "1.0.0.0.0",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-beta..1",
    "1.0.0-beta_1",
    "1.0.0-beta.01",
    "1.0.0-00",
    "v1.0.0",
    "2147483648.0.0",
    "[1.0,2.0)",
    "1.0.*",
    "a.b.c",
  ];
  shared.invalid(invalid);
});

describe("nuget scheme properties", () => {
  const n = fc.nat({ max: 2 });
  const label = fc.constantFrom("0", "1", "-1", "0a", "10", "beta", "Beta", "rc", "preview", "2147483648");
  const version = fc
    .record({
      parts: fc.array(n, { minLength: 1, maxLength: 4 }),
      labels: fc.array(label, { maxLength: 3 }),
      meta: fc.boolean(),
    })
    .map(
      ({ parts, labels, meta }) =>
        `${parts.join(".")}${labels.length ? `-${labels.join(".")}` : ""}${meta ? "+sha.1" : ""}`,
    );

  shared.orderProperties(version);
});
