import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * One dot-separated identifier of a prerelease or build suffix: a number for an all-digit identifier (a
 * bigint past 2^53 - 1, so that long numeric identifiers still order by value), the text otherwise.
 */
export type Identifier = number | bigint | string;

/** A parsed SemVer-shaped version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Prerelease identifiers; empty for a release. */
  readonly pre: readonly Identifier[];
  /** Build metadata identifiers; empty when there is none. SemVer ordering ignores them (Pub's does not). */
  readonly build: readonly Identifier[];
}

/** The longest version string accepted, as the `semver` package does (it guards against pathological input). */
const MAX_VERSION_LENGTH = 256;

const NO_IDENTIFIERS: readonly Identifier[] = Object.freeze([]);

// SemVer 2.0.0 (https://semver.org/#backusnaur-form-grammar-for-valid-semver-versions), and the same shape
// with leading zeros allowed in every numeric part, as Dart's pub_semver reads it.
const STRICT =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const LEADING_ZEROS =
  /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A numeric identifier with a leading zero, which SemVer 2.0.0 forbids in prereleases. */
const LEADING_ZERO_ID = /(?:^|\.)(0\d+)(?=\.|$)/;

/** Characters that only occur in ranges and constraints, never in one version. */
const RANGE_CHARS = /[\s^~<>*|,]|^[xX]$|\.[xX](?:\.|$)/;

/**
 * Parse `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (no prefix) into a SemVer, or return why it is not one.
 * With `leadingZeros` false this is exactly SemVer 2.0.0: no leading zeros in numeric parts or numeric
 * prerelease identifiers. Numeric identifiers become numbers, so comparing never re-reads the text.
 * Strings longer than 256 characters and version numbers past 2^53 - 1 are rejected.
 */
export function parseSemVerText(text: string, leadingZeros: boolean): SemVer | string {
  if (text.length > MAX_VERSION_LENGTH) return `longer than ${MAX_VERSION_LENGTH} characters`;
  const m = (leadingZeros ? LEADING_ZEROS : STRICT).exec(text);
  if (m === null) return diagnose(text, leadingZeros);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3]);
  if (major > Number.MAX_SAFE_INTEGER || minor > Number.MAX_SAFE_INTEGER || patch > Number.MAX_SAFE_INTEGER) {
    return `a version number is larger than ${Number.MAX_SAFE_INTEGER}`;
  }
  if (!leadingZeros && m[4] !== undefined) {
    const zero = LEADING_ZERO_ID.exec(m[4]);
    if (zero !== null) return `numeric prerelease identifier "${zero[1]}" has a leading zero`;
  }
  const pre = m[4] === undefined ? NO_IDENTIFIERS : identifiers(m[4]);
  const build = m[5] === undefined ? NO_IDENTIFIERS : identifiers(m[5]);
  return { major, minor, patch, pre, build };
}

/** Split a dot-separated suffix into identifiers, all-digit ones as numbers. */
function identifiers(suffix: string): Identifier[] {
  const parts = suffix.split(".");
  const out: Identifier[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out[i] = isDigits(p) ? toNumber(p) : p;
  }
  return out;
}

/** True when `s` is one or more ASCII digits. */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An all-digit string as a number, or as a bigint when a number would lose precision. */
function toNumber(digits: string): number | bigint {
  const n = Number(digits);
  return n <= Number.MAX_SAFE_INTEGER ? n : BigInt(digits);
}

function diagnose(text: string, leadingZeros: boolean): string {
  if (text.length === 0) return "empty";
  if (RANGE_CHARS.test(text)) return "a range or constraint, not a single version";
  const plus = text.indexOf("+");
  const dash = text.indexOf("-");
  const coreEnd = Math.min(dash < 0 ? text.length : dash, plus < 0 ? text.length : plus);
  const core = text.slice(0, coreEnd).split(".");
  if (core.length !== 3 || !core.every(isDigits))
    return "expected MAJOR.MINOR.PATCH, three dot-separated numbers";
  if (!leadingZeros && core.some((n) => n.length > 1 && n.charCodeAt(0) === 48)) {
    return "a version number has a leading zero";
  }
  if (dash >= 0 && (plus < 0 || dash < plus)) {
    const pre = text.slice(dash + 1, plus < 0 ? text.length : plus);
    if (!validSuffix(pre))
      return `prerelease "${pre}" must be dot-separated, non-empty [0-9A-Za-z-] identifiers`;
  }
  if (plus >= 0) {
    const build = text.slice(plus + 1);
    if (!validSuffix(build))
      return `build metadata "${build}" must be dot-separated, non-empty [0-9A-Za-z-] identifiers`;
  }
  return "not a SemVer 2.0.0 version (https://semver.org)";
}

function validSuffix(s: string): boolean {
  return /^[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*$/.test(s);
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order two identifier lists the SemVer 2.0.0 way (https://semver.org/#spec-item-11): numeric identifiers
 * by value and below alphanumeric ones, text by ASCII order, and a list that is a prefix of the other first.
 */
export function compareIdentifiers(a: readonly Identifier[], b: readonly Identifier[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === "string") {
      if (typeof y !== "string") return 1;
      if (x !== y) return x < y ? -1 : 1;
    } else {
      if (typeof y === "string") return -1;
      const c = compareNumbers(x, y);
      if (c !== 0) return c;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** SemVer 2.0.0 precedence: MAJOR, MINOR, PATCH, then a release above its prereleases; build ignored. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.pre.length === 0) return b.pre.length === 0 ? 0 : 1;
  if (b.pre.length === 0) return -1;
  return compareIdentifiers(a.pre, b.pre);
}

/**
 * SemVer 2.0.0 (https://semver.org), for npm and crates.io, ordered like the `semver` npm package's
 * `compare`. Accepts the prefixes npm tolerates in lockfiles and manifests (`v1.2.3`, `=1.2.3`, `=v1.2.3`);
 * rejects ranges (`^1.2.3`, `1.x`), shorthands (`1.2`), leading zeros and surrounding whitespace.
 * Numeric prerelease identifiers past 2^53 - 1 order by exact value (the `semver` package rounds them).
 */
export const semverScheme: VersionScheme<SemVer> = {
  name: "semver",
  parse(version: string, ecosystem: string): SemVer {
    let start = 0;
    if (version.charCodeAt(start) === 61 /* = */) start++;
    if (version.charCodeAt(start) === 118 /* v */) start++;
    const parsed = parseSemVerText(start === 0 ? version : version.slice(start), false);
    if (typeof parsed === "string") throw new InvalidVersionError(ecosystem, version, parsed);
    return parsed;
  },
  compareParsed: compareSemVer,
};
