import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { schemeTests } from "../test-support/scheme-tests.js";
import { goScheme } from "./go.js";

const shared = schemeTests(goScheme, "Go");
const { cmp } = shared;

/** Asserts a < b < c < ... and that equal neighbours ("=") compare 0, both ways round. */
function assertChain(chain: string[]): void {
  for (let i = 0; i + 2 < chain.length; i += 2) {
    const [a, rel, b] = [chain[i]!, chain[i + 1]!, chain[i + 2]!];
    const expected = rel === "<" ? -1 : 0;
    assert.equal(cmp(a, b), expected, `${a} ${rel} ${b}`);
    assert.equal(cmp(b, a), -expected || 0, `${b} vs ${a}`);
  }
}

describe("go scheme: module versions", () => {
  shared.referencePairs("golang.org/x/mod/semver", 600);

  test("a pseudo-version without a base tag sorts by its timestamp and before v0.0.1", () => {
    assertChain([
      "v0.0.0-20191109021931-daa7c04131f5",
      "<",
      "v0.0.0-20200101000000-000000000000",
      "<",
      "v0.0.1",
    ]);
  });

  test("a pseudo-version after a release tag sorts between that tag and the next patch", () => {
    assertChain(["v1.2.3", "<", "v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4-rc.1", "<", "v1.2.4"]);
  });

  test("a pseudo-version after a prerelease tag sorts between that prerelease and the next", () => {
    assertChain([
      "v1.2.3-pre",
      "<",
      "v1.2.3-pre.0.20191109021931-daa7c04131f5",
      "<",
      "v1.2.3-pre.1",
      "<",
      "v1.2.3",
    ]);
  });

  test("+incompatible is build metadata: equal to the plain version", () => {
    assertChain([
      "v2.0.0+incompatible",
      "=",
      "v2.0.0",
      "<",
      "v2.0.1+incompatible",
      "<",
      "v20.10.24+incompatible",
    ]);
  });

  test("the v may be left out, as OSV does", () => {
    assertChain(["1.2.3", "=", "v1.2.3", "<", "1.21.0-0", "=", "v1.21.0-0"]);
  });

  test("v1 and v1.2 are the x/mod/semver shorthands for v1.0.0 and v1.2.0", () => {
    assertChain(["v1", "=", "v1.0.0", "<", "v1.2", "=", "v1.2.0"]);
  });

  test("numeric prerelease identifiers past 2^53 - 1 still order by value", () => {
    assertChain(["v1.0.0-99999999999999999998", "<", "v1.0.0-99999999999999999999", "<", "v1.0.0-a"]);
  });
});

describe("go scheme: toolchain versions (https://go.dev/doc/toolchain#version)", () => {
  test("Go 1.21 and later: language version < release candidates < releases", () => {
    assertChain([
      "go1.21",
      "<",
      "go1.21rc1",
      "<",
      "go1.21rc2",
      "<",
      "go1.21.0",
      "<",
      "go1.21.1",
      "<",
      "go1.21.10",
      "<",
      "go1.22rc1",
      "<",
      "go1.22.0",
    ]);
  });

  test("before Go 1.21 the two-part version is the release itself", () => {
    assertChain([
      "go1.20beta1",
      "<",
      "go1.20rc1",
      "<",
      "go1.20rc2",
      "<",
      "go1.20",
      "=",
      "go1.20.0",
      "<",
      "go1.20.1",
    ]);
  });

  test("go1 is 1.0.0 and prerelease kinds order alpha < beta < rc", () => {
    assertChain([
      "go1",
      "=",
      "go1.0.0",
      "<",
      "go1.9alpha1",
      "<",
      "go1.9beta2",
      "<",
      "go1.9rc1",
      "<",
      "go1.9rc10",
    ]);
  });

  test("the go prefix may be left out", () => {
    assertChain(["1.22rc1", "=", "go1.22rc1", "<", "go1.22.0", "=", "1.22.0"]);
    assertChain(["1.21", "=", "go1.21", "<", "1.21rc1"]);
  });

  test("toolchain versions sit where the Go vulnerability database writes them", () => {
    // OSV stdlib records say introduced "1.21.0-0", fixed "1.21.4", and write go1.22rc1 as 1.22.0-rc.1.
    assertChain([
      "1.20.12",
      "<",
      "1.21.0-0",
      "=",
      "go1.21",
      "<",
      "go1.21rc2",
      "=",
      "1.21.0-rc.2",
      "<",
      "go1.21.3",
    ]);
    assertChain(["go1.21.3", "<", "1.21.4", "<", "go1.22rc1", "=", "1.22.0-rc.1", "=", "v1.22.0-rc.1"]);
    assertChain(["go1.20beta1", "=", "1.20.0-beta.1", "<", "go1.20", "=", "1.20.0"]);
  });

  test("bare 1.21 is the toolchain language version, v1.21 the module shorthand", () => {
    assertChain(["1.21", "<", "1.21rc1", "<", "v1.21", "=", "1.21.0"]);
  });
});

describe("go scheme: invalid versions", () => {
  const invalid = [
    "",
    "v",
    "go",
    "v1.2.3.4",
    "v01.2.3",
    "v1.02.3",
    "v1.2.3-01",
    "v1.2.3-",
    "v1.2.3+",
    "v1.2-pre",
    "v1.2.3-a_b",
    "vv1.2.3",
    "V1.2.3",
    " v1.2.3",
    "v1.2.3 ",
    "=v1.2.3",
    "latest",
    "master",
    "daa7c04131f5",
    "go1.21.3rc1",
    "go1rc1",
    "go1.21RC1",
    "go1.21.0-0",
    "go01.21",
    "go1.21.3 X:boringcrypto",
    "1.21.3rc1",
    "1.2.3.4",
    "^1.2.3",
    "v99999999999999999999",
    "go1.99999999999999999999",
  ];
  shared.invalid(invalid);

  test("the message says what a Go version looks like", () => {
    assert.throws(() => goScheme.parse("master", "Go"), /expected a Go module version such as v1.2.3/);
    assert.throws(() => goScheme.parse("go1.21.3rc1", "Go"), /go.dev\/doc\/toolchain#version/);
  });
});

describe("go scheme properties", () => {
  const n = fc.nat({ max: 2 });
  const module = fc
    .record({
      v: fc.boolean(),
      core: fc.tuple(n, n, n),
      pre: fc.array(fc.constantFrom("0", "1", "rc", "pre", "20191109021931-daa7c04131f5", "beta1"), {
        maxLength: 3,
      }),
      incompatible: fc.boolean(),
    })
    .map(
      ({ v, core, pre, incompatible }) =>
        `${v ? "v" : ""}${core.join(".")}${pre.length ? `-${pre.join(".")}` : ""}${incompatible ? "+incompatible" : ""}`,
    );
  const toolchain = fc
    .record({
      go: fc.boolean(),
      minor: fc.constantFrom(0, 1, 2, 20, 21, 22),
      tail: fc.oneof(
        fc.constant(""),
        n.map((p) => `.${p}`),
        fc.constantFrom("rc1", "rc2", "beta1", "alpha1", "rc"),
      ),
    })
    .map(({ go, minor, tail }) => `${go ? "go" : ""}1.${minor}${tail}`);
  const version = fc.oneof(module, toolchain);

  shared.orderProperties(version);
});
