/**
 * Readers for the reference tables in src/versions/testdata/ (written by scripts/versions/gen-*.ts and
 * scripts/versions/generate_pairs.py from the reference implementations themselves), and the comparison
 * helpers the scheme tests share.
 */
import { readFileSync } from "node:fs";
import type { VersionScheme } from "../types.js";

/** One row of a `*-pairs.tsv`: the reference tool's sign of compare(a, b). */
export interface VersionPair {
  readonly a: string;
  readonly b: string;
  readonly expected: -1 | 0 | 1;
  /** 1-based line in the file, for failure messages. */
  readonly line: number;
}

/** One row of a `*-versions.tsv`: whether the reference tool accepts a version, and its form if so. */
export interface VersionForm {
  readonly version: string;
  readonly status: "ok" | "invalid";
  /** The reference tool's canonical or normalised text of the version (empty when rejected). */
  readonly form: string;
  readonly line: number;
}

/** One row of a `*-invalid.tsv`: a version the reference tool rejects, and what it said. */
export interface InvalidVersion {
  readonly version: string;
  readonly reference: string;
  readonly line: number;
}

function dataLines(name: string): { cells: string[]; line: number }[] {
  const text = readFileSync(new URL(`../testdata/${name}`, import.meta.url), "utf8");
  return text
    .split("\n")
    .map((l, i) => ({ cells: l.split("\t"), line: i + 1, raw: l }))
    .filter((l) => l.raw !== "" && !l.raw.startsWith("#"));
}

/** `rows` without a leading column-header row spelled `header`. */
function withoutHeader<R extends { cells: string[] }>(rows: R[], header: string): R[] {
  return rows[0]?.cells.join("\t") === header ? rows.slice(1) : rows;
}

/** The reference tool's header comment (which tool, which version produced the file). */
export function headerOf(name: string): string {
  const text = readFileSync(new URL(`../testdata/${name}`, import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((l) => l.startsWith("# "))
    .map((l) => l.slice(2))
    .join(" ");
}

/** Rows of `testdata/<name>` (columns a, b, expected; a header row `a<TAB>b<TAB>expected` is skipped). */
export function readPairs(name: string): VersionPair[] {
  return withoutHeader(dataLines(name), "a\tb\texpected").map(({ cells, line }) => {
    const [a, b, e] = cells;
    if (a === undefined || b === undefined || (e !== "-1" && e !== "0" && e !== "1")) {
      throw new Error(`${name} line ${line}: expected "a<TAB>b<TAB>-1|0|1"`);
    }
    return { a, b, expected: Number(e) as -1 | 0 | 1, line };
  });
}

/** Rows of `testdata/<name>` (columns version, status ok|invalid, form; the header row is skipped). */
export function readForms(name: string): VersionForm[] {
  return withoutHeader(dataLines(name), "version\tstatus\tform").map(({ cells, line }) => {
    const [version, status, form = ""] = cells;
    if (version === undefined || (status !== "ok" && status !== "invalid")) {
      throw new Error(`${name} line ${line}: expected "version<TAB>ok|invalid<TAB>form"`);
    }
    return { version, status, form, line };
  });
}

/** Rows of `testdata/<name>` (columns: version as a JSON string, the reference tool's message). */
export function readInvalid(name: string): InvalidVersion[] {
  return dataLines(name).map(({ cells, line }) => {
    const version: unknown = JSON.parse(cells[0] ?? "");
    if (typeof version !== "string")
      throw new Error(`${name} line ${line}: the first column is not a JSON string`);
    return { version, reference: cells.slice(1).join("\t"), line };
  });
}

/** sign(compare(a, b)) after parsing both with `scheme` (never -0). */
export function compareSign<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  a: string,
  b: string,
): -1 | 0 | 1 {
  const sign = Math.sign(scheme.compareParsed(scheme.parse(a, ecosystem), scheme.parse(b, ecosystem)));
  return (sign || 0) as -1 | 0 | 1;
}

/**
 * Rows where the scheme disagrees with the reference, compared both ways round (b vs a must give the
 * opposite sign), as readable lines (empty when all agree).
 */
export function disagreements<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  pairs: readonly VersionPair[],
): string[] {
  const out: string[] = [];
  const check = (line: number, a: string, b: string, expected: number): void => {
    let got: string;
    try {
      got = String(compareSign(scheme, ecosystem, a, b));
    } catch (e) {
      got = e instanceof Error ? e.message : String(e);
    }
    if (got !== String(expected)) out.push(`line ${line}: ${a} vs ${b}: reference ${expected}, got ${got}`);
  };
  for (const p of pairs) {
    check(p.line, p.a, p.b, p.expected);
    check(p.line, p.b, p.a, p.expected === 0 ? 0 : -p.expected);
  }
  return out;
}
