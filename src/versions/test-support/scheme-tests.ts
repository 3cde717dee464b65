/**
 * The tests every version scheme shares, registered with node:test inside the caller's `describe`:
 * agreement with a reference tool's tables, named ordering cases, rejection of invalid versions, and
 * the order properties (reflexive, antisymmetric, transitive) on generated versions. A scheme's test
 * file binds them to its scheme once with `schemeTests(scheme, ecosystem)`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";
import { compareSign, disagreements, headerOf, readForms, readPairs } from "./version-pairs.js";

/** At most this many failing rows are listed in a failure message. */
const SHOWN = 20;

/** `(a, b) => sign(compare(a, b))` for `scheme` in `ecosystem`, never -0. */
function comparator<P>(scheme: VersionScheme<P>, ecosystem: string): (a: string, b: string) => number {
  return (a, b) => compareSign(scheme, ecosystem, a, b);
}

/** "<", "=" or ">" for a comparison sign. */
function relation(sign: number): string {
  return sign < 0 ? "<" : sign > 0 ? ">" : "=";
}

/** A version as it appears in a test name: quoted, and cut short past 40 characters. */
function shown(version: string): string {
  return JSON.stringify(version.length > 40 ? `${version.slice(0, 40)}...` : version);
}

/**
 * Registers two tests: the table `testdata/<scheme>-pairs.tsv` holds at least `atLeast` pairs, and the
 * scheme orders every pair as the reference implementation `tool` did, both ways round.
 */
function testReferencePairs<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  tool: string,
  atLeast: number,
): void {
  const file = `${scheme.name}-pairs.tsv`;
  const pairs = readPairs(file);
  test(`testdata/${file} holds at least ${atLeast} reference pairs`, () => {
    assert.ok(pairs.length >= atLeast, `only ${pairs.length} pairs`);
  });
  test(`agrees with ${tool} on all ${pairs.length} pairs of testdata/${file}, both ways round`, () => {
    const wrong = disagreements(scheme, ecosystem, pairs);
    assert.deepEqual(wrong.slice(0, SHOWN), [], `${wrong.length} disagreements; ${headerOf(file)}`);
  });
}

/**
 * Registers one test: every row of `testdata/<scheme>-versions.tsv` (version, ok|invalid, form) is
 * rejected when the reference implementation `tool` rejected it, and otherwise accepted with
 * `form(parsed)` equal to the tool's form (described in the test name as `formName`).
 */
function testReferenceForms<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  tool: string,
  formName: string,
  form: (parsed: P) => string,
): void {
  const file = `${scheme.name}-versions.tsv`;
  test(`accepts or rejects every version of testdata/${file} as ${tool} does, with its ${formName}`, () => {
    const failures: string[] = [];
    for (const row of readForms(file)) {
      const where = `line ${row.line}: ${JSON.stringify(row.version)}`;
      if (row.status === "invalid") {
        const problem = rejectionProblem(scheme, ecosystem, row.version);
        if (problem !== undefined) failures.push(`${where}: ${problem}`);
        continue;
      }
      try {
        const got = form(scheme.parse(row.version, ecosystem));
        if (got !== row.form) failures.push(`${where}: reference ${row.form}, got ${got}`);
      } catch (e) {
        failures.push(`${where} rejected: ${String(e)}`);
      }
    }
    assert.deepEqual(failures.slice(0, SHOWN), [], `${failures.length} mismatches in testdata/${file}`);
  });
}

/** One named ordering case: a, b, the expected sign of compare(a, b), and optionally the rule it pins. */
export type OrderCase = readonly [a: string, b: string, expected: -1 | 0 | 1, rule?: string];

/** Registers one test per case: compare(a, b) has the expected sign, and compare(b, a) the opposite. */
function testOrderCases<P>(scheme: VersionScheme<P>, ecosystem: string, cases: readonly OrderCase[]): void {
  const cmp = comparator(scheme, ecosystem);
  for (const [a, b, expected, rule] of cases) {
    const name = `${shown(a)} ${relation(expected)} ${shown(b)}`;
    test(rule === undefined ? name : `${rule}: ${name}`, () => {
      assert.equal(cmp(a, b), expected, `${a} vs ${b}`);
      assert.equal(cmp(b, a), expected === 0 ? 0 : -expected, `${b} vs ${a}`);
    });
  }
}

/** Why parsing `version` did not fail as it should (undefined when it threw the right error). */
function rejectionProblem<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  version: string,
): string | undefined {
  try {
    scheme.parse(version, ecosystem);
    return "accepted, should be rejected";
  } catch (e) {
    if (!(e instanceof InvalidVersionError)) return `threw ${String(e)}, not an InvalidVersionError`;
    if (e.version !== version || e.ecosystem !== ecosystem) {
      return `the error names ${JSON.stringify(e.version)} in ${e.ecosystem}`;
    }
    if (!e.message.includes(JSON.stringify(version))) return `the message does not quote it: ${e.message}`;
    return undefined;
  }
}

/** A version the scheme must reject, with where the case comes from when it is a reference table row. */
export type InvalidCase =
  | string
  | { readonly version: string; readonly reference: string; readonly line: number };

/**
 * Registers one test per case: parsing throws an InvalidVersionError that names the version and the
 * ecosystem, and whose message quotes the version.
 */
function testInvalid<P>(scheme: VersionScheme<P>, ecosystem: string, cases: readonly InvalidCase[]): void {
  for (const c of cases) {
    const version = typeof c === "string" ? c : c.version;
    const source = typeof c === "string" ? "" : ` (line ${c.line}: ${c.reference})`;
    test(`rejects ${shown(version)}, naming it${source}`, () => {
      const problem = rejectionProblem(scheme, ecosystem, version);
      assert.equal(problem, undefined, `${JSON.stringify(version)}: ${problem}`);
    });
  }
}

/**
 * Registers the three order properties on versions drawn from `version`: reflexive, antisymmetric and
 * transitive (for <= and for >=), each checked on `numRuns` generated cases.
 */
function testOrderProperties<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  version: fc.Arbitrary<string>,
  numRuns = 100,
): void {
  const cmp = comparator(scheme, ecosystem);
  test("reflexive: every version equals itself", () => {
    fc.assert(
      fc.property(version, (a) => cmp(a, a) === 0),
      { numRuns },
    );
  });
  test("antisymmetric: compare(a, b) = -compare(b, a)", () => {
    fc.assert(
      fc.property(version, version, (a, b) => cmp(a, b) === -cmp(b, a)),
      { numRuns },
    );
  });
  test("transitive: a <= b and b <= c imply a <= c (and likewise for >=)", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        if (cmp(a, b) <= 0 && cmp(b, c) <= 0) return cmp(a, c) <= 0;
        if (cmp(a, b) >= 0 && cmp(b, c) >= 0) return cmp(a, c) >= 0;
        return true;
      }),
      { numRuns },
    );
  });
}

/** The shared tests of one scheme, bound to the ecosystem its versions are parsed in. */
export interface SchemeTests<P> {
  /** sign(compare(a, b)) of two version strings, never -0. */
  readonly cmp: (a: string, b: string) => number;
  /** `testdata/<scheme>-pairs.tsv` holds at least `atLeast` pairs, each ordered as `tool` orders it. */
  referencePairs(tool: string, atLeast: number): void;
  /** Each row of `testdata/<scheme>-versions.tsv` is rejected, or parsed to `tool`'s `formName`. */
  referenceForms(tool: string, formName: string, form: (parsed: P) => string): void;
  /** One test per case: the expected order, and the opposite order with the operands swapped. */
  orderCases(cases: readonly OrderCase[]): void;
  /** One test per case: rejected with an InvalidVersionError naming it (parsed in `ecosystem`). */
  invalid(cases: readonly InvalidCase[], ecosystem?: string): void;
  /** Reflexive, antisymmetric and transitive on `numRuns` versions drawn from `version`. */
  orderProperties(version: fc.Arbitrary<string>, numRuns?: number): void;
}

/** The shared tests of `scheme`, parsing versions in `ecosystem`. */
export function schemeTests<P>(scheme: VersionScheme<P>, ecosystem: string): SchemeTests<P> {
  return {
    cmp: comparator(scheme, ecosystem),
    referencePairs: (tool, atLeast) => testReferencePairs(scheme, ecosystem, tool, atLeast),
    referenceForms: (tool, formName, form) => testReferenceForms(scheme, ecosystem, tool, formName, form),
    orderCases: (cases) => testOrderCases(scheme, ecosystem, cases),
    invalid: (cases, inEcosystem = ecosystem) => testInvalid(scheme, inEcosystem, cases),
    orderProperties: (version, numRuns) => testOrderProperties(scheme, ecosystem, version, numRuns),
  };
}
