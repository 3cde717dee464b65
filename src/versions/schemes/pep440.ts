import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * PEP 440 versions (PyPI), parsed and ordered as Python's `packaging` (26.x) does.
 *
 * `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the spellings and separators PEP 440 allows:
 * alpha/beta/c/pre/preview for pre-releases, `-N`, `rev`, `r` for post-releases, `.`, `-` or `_`
 * (or nothing) between parts, a missing number meaning 0, any case, a leading `v`, surrounding
 * whitespace. Order: epoch, release (trailing zeros ignored), then dev-only < a < b < rc < final,
 * then post, then dev, then local (none < any; segment by segment, letters < numbers).
 *
 * The parse builds the comparison key once, like packaging's `_cmpkey`; `compareParsed` walks two
 * keys without allocating. Numbers of up to 15 digits are JavaScript numbers; longer ones keep their
 * digits (Python's integers are unbounded) and compare by length, then text.
 */

/** A non-negative integer: a number when it fits exactly, else its digits without leading zeros. */
type Num = number | string;

/** A parsed PEP 440 version: its comparison key plus what is needed to print it normalised. */
export interface Pep440Version {
  readonly original: string;
  readonly epoch: Num;
  /** Release numbers as written ("1.0.0" keeps three). */
  readonly release: readonly Num[];
  /** Length of `release` without trailing zeros: 1.0.0 compares as 1. */
  readonly releaseLength: number;
  /** -1 dev-only (1.0.dev1 sorts before 1.0a1), 0 a, 1 b, 2 rc, 3 no pre-release. */
  readonly preRank: number;
  readonly pre: Num;
  /** -1 when there is no post-release, else the post number. */
  readonly post: Num;
  /** Infinity when there is no dev-release, else the dev number. */
  readonly dev: Num;
  /** Local segments lower-cased, numeric ones without leading zeros; null without a local part. */
  readonly local: readonly string[] | null;
  /** Whether each local segment is a number (numbers sort after letters). */
  readonly localNumeric: readonly boolean[] | null;
}

// packaging's VERSION_PATTERN (26.x), anchored, with Python's `\s` (Unicode whitespace as
// str.isspace() sees it) around it. packaging's possessive quantifiers (`?+`, `*+`) are plain ones
// here: no string that the pattern can match needs them to backtrack differently.
const WS =
  "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*";
const PATTERN = new RegExp(
  "^" +
    WS +
    "v?" +
    "(?:(?<epoch>[0-9]+)!)?" +
    "(?<release>[0-9]+(?:\\.[0-9]+)*)" +
    "(?<pre>[._-]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[._-]?(?<preN>[0-9]+)?)?" +
    "(?<post>-(?<postN1>[0-9]+)|[._-]?(?<postL>post|rev|r)[._-]?(?<postN2>[0-9]+)?)?" +
    "(?<dev>[._-]?(?<devL>dev)[._-]?(?<devN>[0-9]+)?)?" +
    "(?:\\+(?<local>[a-z0-9]+(?:[._-][a-z0-9]+)*))?" +
    WS +
    "$",
  "i",
);

const PRE_RANK: Readonly<Record<string, number>> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};
const PRE_NAMES = ["a", "b", "rc"];

function num(digits: string): Num {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  const d = i === 0 ? digits : digits.slice(i);
  return d.length <= 15 ? Number(d) : d;
}

/** Orders two Nums; the -1 and Infinity sentinels sort below and above every digit string. */
function compareNum(a: Num, b: Num): number {
  if (typeof a === "number") {
    if (typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    return a === Number.POSITIVE_INFINITY ? 1 : -1;
  }
  if (typeof b === "number") return b === Number.POSITIVE_INFINITY ? -1 : 1;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isZero(n: Num): boolean {
  return n === 0;
}

function parseRelease(text: string): Num[] {
  const parts = text.split(".");
  const out: Num[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = num(parts[i] as string);
  return out;
}

function parse(version: string, ecosystem: string): Pep440Version {
  const m = PATTERN.exec(version);
  const g = m?.groups;
  if (g === undefined) {
    throw new InvalidVersionError(
      ecosystem,
      version,
      "not a PEP 440 version (expected [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], e.g. 1.2.3, 2.0rc1, 1.0.post1)",
    );
  }
  const release = parseRelease(g["release"] as string);
  let releaseLength = release.length;
  while (releaseLength > 0 && isZero(release[releaseLength - 1] as Num)) releaseLength--;
  const preL = g["preL"];
  const hasPost = g["post"] !== undefined;
  const hasDev = g["dev"] !== undefined;
  let preRank = 3;
  let pre: Num = 0;
  if (preL !== undefined) {
    preRank = PRE_RANK[preL.toLowerCase()] as number;
    pre = num(g["preN"] ?? "0");
  } else if (!hasPost && hasDev) {
    preRank = -1;
  }
  const post = hasPost ? num(g["postN1"] ?? g["postN2"] ?? "0") : -1;
  const dev = hasDev ? num(g["devN"] ?? "0") : Number.POSITIVE_INFINITY;
  let local: string[] | null = null;
  let localNumeric: boolean[] | null = null;
  const localText = g["local"];
  if (localText !== undefined) {
    local = localText.toLowerCase().split(/[._-]/);
    localNumeric = local.map((s) => /^[0-9]+$/.test(s));
    for (let i = 0; i < local.length; i++) {
      if (localNumeric[i]) local[i] = String(num(local[i] as string));
    }
  }
  return {
    original: version,
    epoch: g["epoch"] === undefined ? 0 : num(g["epoch"]),
    release,
    releaseLength,
    preRank,
    pre,
    post,
    dev,
    local,
    localNumeric,
  };
}

function compareDigitStrings(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocal(a: Pep440Version, b: Pep440Version): number {
  const la = a.local;
  const lb = b.local;
  if (la === null || lb === null) return la === lb ? 0 : la === null ? -1 : 1;
  const na = a.localNumeric as readonly boolean[];
  const nb = b.localNumeric as readonly boolean[];
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const x = la[i] as string;
    const y = lb[i] as string;
    const xn = na[i] as boolean;
    if (xn !== nb[i]) return xn ? 1 : -1;
    const r = xn ? compareDigitStrings(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (r !== 0) return r;
  }
  return la.length === lb.length ? 0 : la.length < lb.length ? -1 : 1;
}

function compare(a: Pep440Version, b: Pep440Version): number {
  let r = compareNum(a.epoch, b.epoch);
  if (r !== 0) return r;
  const n = Math.max(a.releaseLength, b.releaseLength);
  for (let i = 0; i < n; i++) {
    r = compareNum(
      i < a.releaseLength ? (a.release[i] as Num) : 0,
      i < b.releaseLength ? (b.release[i] as Num) : 0,
    );
    if (r !== 0) return r;
  }
  if (a.preRank !== b.preRank) return a.preRank < b.preRank ? -1 : 1;
  r = compareNum(a.pre, b.pre);
  if (r !== 0) return r;
  r = compareNum(a.post, b.post);
  if (r !== 0) return r;
  r = compareNum(a.dev, b.dev);
  if (r !== 0) return r;
  return compareLocal(a, b);
}

/**
 * The normalised form of a parsed version, as `str(packaging.version.Version(v))` prints it
 * ("1.0-ALPHA-1" -> "1.0a1", "v1.0-1" -> "1.0.post1", "1.0+UBUNTU-1" -> "1.0+ubuntu.1").
 */
export function pep440Normalize(v: Pep440Version): string {
  let out = isZero(v.epoch) ? "" : `${v.epoch}!`;
  out += v.release.join(".");
  if (v.preRank >= 0 && v.preRank <= 2) out += `${PRE_NAMES[v.preRank]}${v.pre}`;
  if (v.post !== -1) out += `.post${v.post}`;
  if (v.dev !== Number.POSITIVE_INFINITY) out += `.dev${v.dev}`;
  if (v.local !== null) out += `+${v.local.join(".")}`;
  return out;
}

/** PEP 440, the version scheme of PyPI. */
export const pep440Scheme: VersionScheme<Pep440Version> = {
  name: "pep440",
  parse,
  compareParsed: compare,
};
