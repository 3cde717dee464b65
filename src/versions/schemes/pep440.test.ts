import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { pep440Normalize, pep440Scheme } from "./pep440.js";

const ECO = "PyPI";

const shared = schemeTests(pep440Scheme, ECO);
const { cmp } = shared;

describe("pep440: ordering pinned against Python packaging 26.2", () => {
  shared.referencePairs("Python packaging 26.2's Version", 1000);
  shared.referenceForms("packaging's Version", "normalised form", pep440Normalize);
});

describe("pep440: named behaviours", () => {
  const table: OrderCase[] = [
    ["4.2rc1", "4.2", -1, "a release candidate precedes its release"],
    ["4.2b1", "4.2rc1", -1, "beta < rc"],
    ["4.2a1", "4.2b1", -1, "alpha < beta"],
    ["1.0.post1", "1.0", 1, "a post-release follows its release"],
    ["1.0-1", "1.0.post1", 0, "-N is a post-release"],
    ["1.0.rev1", "1.0.post1", 0, "rev is a post-release spelling"],
    ["1.0r", "1.0.post0", 0, "a missing post number is 0"],
    ["2.0.0.dev3", "2.0.0a1", -1, "a dev-only release precedes every pre-release"],
    ["2.0.0.dev3", "2.0.0.dev4", -1, "dev numbers order"],
    ["1.0a1.dev1", "1.0a1", -1, "a dev release of a pre-release precedes it"],
    ["1.0.post1.dev1", "1.0.post1", -1, "a dev release of a post-release precedes it"],
    ["1.0.post1.dev1", "1.0", 1, "a dev release of a post-release follows the release"],
    ["1!1.0", "2.0", 1, "the epoch beats the release"],
    ["0!1.0", "1.0", 0, "epoch 0 is the default"],
    ["1.0+local.1", "1.0", 1, "a local version follows its public version"],
    ["1.0+local.1", "1.0.post1", -1, "a local version precedes the next post-release"],
    ["1.0+ubuntu1", "1.0+ubuntu2", -1, "local letter segments order as text"],
    ["1.0+abc.5", "1.0+abc.10", -1, "local number segments order numerically"],
    ["1.0+5", "1.0+abc", 1, "local numbers follow local letters"],
    ["1.0+abc", "1.0+abc.1", -1, "a shorter local version precedes a longer one"],
    ["1.0+UBUNTU-1", "1.0+ubuntu.1", 0, "local versions ignore case and separator"],
    ["1.0", "1.0.0", 0, "trailing zeros are padding"],
    ["1.0alpha1", "1.0a1", 0, "alpha spells a"],
    ["1.0beta1", "1.0b1", 0, "beta spells b"],
    ["1.0c1", "1.0rc1", 0, "c spells rc"],
    ["1.0pre1", "1.0rc1", 0, "pre spells rc"],
    ["1.0preview1", "1.0rc1", 0, "preview spells rc"],
    ["1.0-RC_1", "1.0rc1", 0, "case and separators are normalised"],
    ["v1.0", "1.0", 0, "a leading v is ignored"],
    [" 1.0\n", "1.0", 0, "surrounding whitespace is ignored"],
    ["1.99999999999999999999", "2", -1, "long numbers compare exactly"],
    ["1.10", "1.9", 1, "release numbers compare numerically"],
  ];
  shared.orderCases(table);
  test("normalised forms follow PEP 440", () => {
    const n = (v: string) => pep440Normalize(pep440Scheme.parse(v, ECO));
    assert.equal(n("1.0-ALPHA-1"), "1.0a1");
    assert.equal(n("v1.0-1"), "1.0.post1");
    assert.equal(n("1!2.0.DEV"), "1!2.0.dev0");
    assert.equal(n("1.0+UBUNTU-01"), "1.0+ubuntu.1");
  });
  shared.invalid([
    "",
    "  ",
    "1.0.",
    "1..0",
    "1.0+",
    "1.0a1a1",
    "french toast",
    "1.0.*",
    "==1.0",
    "1.0-local",
  ]);
});

describe("pep440: order properties (fast-check)", () => {
  const n = fc.constantFrom("0", "1", "2", "10", "00");
  const version = fc
    .record({
      epoch: fc.constantFrom("", "1!", "0!"),
      release: fc.array(n, { minLength: 1, maxLength: 4 }),
      pre: fc.constantFrom("", "a", "b1", "rc2", ".alpha.0", "-c"),
      post: fc.constantFrom("", ".post1", "-2", "post0"),
      dev: fc.constantFrom("", ".dev0", "dev3"),
      local: fc.constantFrom("", "+1", "+a", "+a.1", "+1.a", "+abc-2", "+2"),
    })
    .map((p) => p.epoch + p.release.join(".") + p.pre + p.post + p.dev + p.local);
  shared.orderProperties(version, 3000);
  test("equal versions normalise to the same text", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        if (cmp(a, b) !== 0) return;
        const pa = pep440Scheme.parse(a, ECO);
        const pb = pep440Scheme.parse(b, ECO);
        const strip = (s: string) => s.replace(/^(?:0!)?/, "").replace(/(?:\.0)+(?=$|[a-z+])/, "");
        assert.equal(strip(pep440Normalize(pa)), strip(pep440Normalize(pb)));
      }),
      { numRuns: 1000 },
    );
  });
});
