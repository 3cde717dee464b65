/**
 * Readers for the reference tables in src/versions/testdata/ (written by scripts/versions/gen-*.ts
 * from dpkg, rpm and apk-tools themselves), and the comparison helpers the scheme tests share.
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

/** The reference tool's header comment (which tool, which version produced the file). */
export function headerOf(name: string): string {
  const text = readFileSync(new URL(`../testdata/${name}`, import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((l) => l.startsWith("# "))
    .map((l) => l.slice(2))
    .join(" ");
}

/** Rows of `testdata/<name>` (columns a, b, expected). */
export function readPairs(name: string): VersionPair[] {
  return dataLines(name).map(({ cells, line }) => {
    const [a, b, e] = cells;
    if (a === undefined || b === undefined || (e !== "-1" && e !== "0" && e !== "1")) {
      throw new Error(`${name} line ${line}: expected "a<TAB>b<TAB>-1|0|1"`);
    }
    return { a, b, expected: Number(e) as -1 | 0 | 1, line };
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

/** sign(compare(a, b)) after parsing both with `scheme`. */
export function compareSign<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  a: string,
  b: string,
): -1 | 0 | 1 {
  return Math.sign(scheme.compareParsed(scheme.parse(a, ecosystem), scheme.parse(b, ecosystem))) as
    | -1
    | 0
    | 1;
}

/** Rows where the scheme disagrees with the reference, as readable lines (empty when all agree). */
export function disagreements<P>(
  scheme: VersionScheme<P>,
  ecosystem: string,
  pairs: readonly VersionPair[],
): string[] {
  const out: string[] = [];
  for (const p of pairs) {
    let got: string;
    try {
      got = String(compareSign(scheme, ecosystem, p.a, p.b));
    } catch (e) {
      got = e instanceof Error ? e.message : String(e);
    }
    if (got !== String(p.expected))
      out.push(`line ${p.line}: ${p.a} vs ${p.b}: reference ${p.expected}, got ${got}`);
  }
  return out;
}
