import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * RubyGems versions, parsed and ordered as `Gem::Version` (RubyGems 3.3) does.
 *
 * A version is valid when it matches `Gem::Version::ANCHORED_VERSION_PATTERN` (digits first, then
 * dot-separated letters and digits, optionally `-` and more). `-` means `.pre.`; the version splits
 * into segments at dots and at every switch between letters and digits ("1.0.rc1" -> 1, 0, "rc", 1);
 * it is a pre-release when it holds a letter. Comparison uses the canonical segments (trailing
 * zeros dropped from the numeric part and from the part after the first letter segment), pads the
 * shorter with zeros, and orders letters before numbers ("1.0.a" < "1.0"), letters as ASCII text
 * (case-sensitive) and numbers numerically.
 *
 * One deviation: Gem::Version turns an empty or blank string into "0"; here it is an invalid
 * version, because an advisory or lockfile with no version must not match as version 0.
 */

/** A segment: a number (a bigint past 15 digits) or a run of ASCII letters. */
type Segment = number | bigint | string;

/** A parsed RubyGems version. */
export interface GemVersion {
  readonly original: string;
  /** Gem::Version#canonical_segments. */
  readonly segments: readonly Segment[];
  /** Whether the version holds a letter (Gem::Version#prerelease?). */
  readonly prerelease: boolean;
}

/** Gem::Version::ANCHORED_VERSION_PATTERN; Ruby's `\s` is ASCII whitespace. */
const ANCHORED_VERSION_PATTERN =
  /^[ \t\r\n\f\v]*(?:[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?[ \t\r\n\f\v]*$/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function toNumber(digits: string): number | bigint {
  return digits.length <= 15 ? Number(digits) : BigInt(digits);
}

/** Gem::Version#_segments: runs of digits and runs of letters ("-" became ".pre." already). */
function scanSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      let j = i + 1;
      while (j < text.length && isDigit(text.charCodeAt(j))) j++;
      out.push(toNumber(text.slice(i, j)));
      i = j;
    } else if (isLetter(c)) {
      let j = i + 1;
      while (j < text.length && isLetter(text.charCodeAt(j))) j++;
      out.push(text.slice(i, j));
      i = j;
    } else {
      i++;
    }
  }
  return out;
}

function isZero(s: Segment): boolean {
  return s === 0 || s === 0n;
}

/** Gem::Version#canonical_segments: trailing zeros dropped before the first letter segment and at the end. */
function canonicalSegments(segments: Segment[]): Segment[] {
  let firstString = segments.findIndex((s) => typeof s === "string");
  if (firstString < 0) firstString = segments.length;
  let end = firstString;
  while (end > 0 && isZero(segments[end - 1] as Segment)) end--;
  const out = segments.slice(0, end);
  let tail = segments.length;
  while (tail > firstString && isZero(segments[tail - 1] as Segment)) tail--;
  for (let i = firstString; i < tail; i++) out.push(segments[i] as Segment);
  return out;
}

function parse(version: string, ecosystem: string): GemVersion {
  if (!ANCHORED_VERSION_PATTERN.test(version) || version.trim() === "") {
    throw new InvalidVersionError(
      ecosystem,
      version,
      "not a RubyGems version (expected numbers and letters separated by dots, starting with a number, e.g. 7.0.4.1 or 6.1.0.rc2)",
    );
  }
  const text = version.replace(/^[ \t\r\n\f\v\0]+|[ \t\r\n\f\v\0]+$/g, "").replaceAll("-", ".pre.");
  return {
    original: version,
    segments: canonicalSegments(scanSegments(text)),
    prerelease: /[a-zA-Z]/.test(text),
  };
}

function compare(a: GemVersion, b: GemVersion): number {
  const l = a.segments;
  const r = b.segments;
  const n = Math.max(l.length, r.length);
  for (let i = 0; i < n; i++) {
    const x = i < l.length ? (l[i] as Segment) : 0;
    const y = i < r.length ? (r[i] as Segment) : 0;
    const xs = typeof x === "string";
    const ys = typeof y === "string";
    if (xs !== ys) return xs ? -1 : 1;
    if (xs) {
      if (x !== y) return x < (y as string) ? -1 : 1;
    } else if (x !== y) {
      // number and bigint compare by value with < and >, even mixed.
      if ((x as number | bigint) < (y as number | bigint)) return -1;
      if ((x as number | bigint) > (y as number | bigint)) return 1;
    }
  }
  return 0;
}

/** The canonical segments joined by dots ("1.0.0.a.0" -> "1.a"), for display and tests. */
export function gemCanonical(version: GemVersion): string {
  return version.segments.join(".");
}

/** RubyGems' Gem::Version. */
export const gemScheme: VersionScheme<GemVersion> = {
  name: "gem",
  parse,
  compareParsed: compare,
};
