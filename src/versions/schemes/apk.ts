import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * Token kinds of apk-tools' src/version.c, in its order: the order matters, because when two versions
 * agree up to where one has a token of a later kind, the one with the later kind sorts lower.
 */
enum Kind {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  CommitHash = 5,
  RevisionNo = 6,
  End = 7,
}

/** Suffix values; below NONE are pre-releases (sort before the bare version), above it post-releases. */
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ["alpha", 1],
  ["beta", 2],
  ["pre", 3],
  ["rc", 4],
  ["cvs", 6],
  ["svn", 7],
  ["git", 8],
  ["hg", 9],
  ["p", 10],
]);
const SUFFIX_NONE = 5;

/**
 * One token: `text` holds the digits, the letter, the suffix name or the commit hash; `value` the number
 * (-1 when too long to be exact), the letter's code or the suffix's rank.
 */
interface Token {
  readonly kind: Kind;
  readonly text: string;
  readonly value: number;
}

/** An Alpine version split into apk's tokens, ending with an End token. */
export interface ApkVersion {
  readonly tokens: readonly Token[];
}

const END: Token = { kind: Kind.End, text: "", value: 0 };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isLowerHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

/** The end of the run of digits starting at `i`. */
function digitsEnd(s: string, i: number): number {
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

function invalidAt(version: string, ecosystem: string, at: number, reason: string): InvalidVersionError {
  const grammar = "digits{.digits}[a-z]{_suffix[N]}[~hash][-rN]";
  return new InvalidVersionError(ecosystem, version, `${reason} at offset ${at} (expected ${grammar})`);
}

/** A number token; `value` is the number when it is exact in a double, else -1 (compare the digits). */
function numberToken(kind: Kind, text: string): Token {
  return { kind, text, value: text.length <= 15 ? Number(text) : -1 };
}

/**
 * Tokenize like apk-tools' `token_first`/`token_next` and accept exactly what `apk version -c` accepts:
 * `digits{.digits}[letter]{_suffix[digits]}[~hexhash][-rdigits]`.
 */
function parseApk(version: string, ecosystem: string): ApkVersion {
  const n = version.length;
  if (n === 0) throw new InvalidVersionError(ecosystem, version, "the version is empty");
  let i = digitsEnd(version, 0);
  if (i === 0) throw invalidAt(version, ecosystem, 0, "digits are missing");
  const tokens: Token[] = [numberToken(Kind.InitialDigit, version.slice(0, i))];
  let prev = Kind.InitialDigit;
  while (i < n) {
    const at = i;
    const c = version.charCodeAt(i);
    let token: Token;
    if (isLower(c)) {
      if (prev > Kind.Digit) throw invalidAt(version, ecosystem, at, "a letter may only follow a number");
      token = { kind: Kind.Letter, text: version[i]!, value: c };
      i++;
    } else if (c === 46 /* . */ || (isDigit(c) && prev === Kind.Suffix)) {
      // Digits are read greedily, so a digit starts a token only right after a suffix name.
      if (c === 46 && prev > Kind.Digit)
        throw invalidAt(version, ecosystem, at, "'.' may only follow a number");
      const start = c === 46 ? i + 1 : i;
      i = digitsEnd(version, start);
      if (i === start) throw invalidAt(version, ecosystem, start, "digits are missing");
      token = numberToken(c === 46 ? Kind.Digit : Kind.SuffixNo, version.slice(start, i));
    } else if (c === 95 /* _ */) {
      if (prev > Kind.SuffixNo) {
        throw invalidAt(version, ecosystem, at, "a '_' suffix may not follow a commit hash or revision");
      }
      const start = i + 1;
      i = start;
      while (i < n && isLower(version.charCodeAt(i))) i++;
      const name = version.slice(start, i);
      const value = SUFFIXES.get(name);
      if (value === undefined) {
        const known = "_alpha _beta _pre _rc _cvs _svn _git _hg _p";
        throw invalidAt(version, ecosystem, at, `unknown suffix "_${name}" (known: ${known})`);
      }
      token = { kind: Kind.Suffix, text: name, value };
    } else if (c === 126 /* ~ */) {
      if (prev >= Kind.CommitHash) {
        throw invalidAt(version, ecosystem, at, "a '~' commit hash may appear once, before the revision");
      }
      const start = i + 1;
      i = start;
      while (i < n && isLowerHex(version.charCodeAt(i))) i++;
      if (i === start) throw invalidAt(version, ecosystem, at, "the '~' commit hash is empty");
      token = { kind: Kind.CommitHash, text: version.slice(start, i), value: 0 };
    } else if (c === 45 /* - */) {
      if (prev >= Kind.RevisionNo)
        throw invalidAt(version, ecosystem, at, "only one '-r' revision is allowed");
      if (version.charCodeAt(i + 1) !== 114 /* r */) {
        throw invalidAt(version, ecosystem, at, "'-' must start a '-rN' revision");
      }
      const start = i + 2;
      i = digitsEnd(version, start);
      if (i === start) throw invalidAt(version, ecosystem, start, "digits are missing");
      token = numberToken(Kind.RevisionNo, version.slice(start, i));
    } else if (isDigit(c)) {
      throw invalidAt(version, ecosystem, at, "a number may not follow a letter");
    } else {
      throw invalidAt(version, ecosystem, at, `the character ${JSON.stringify(version[i])} is not allowed`);
    }
    tokens.push(token);
    prev = token.kind;
  }
  tokens.push(END);
  return { tokens };
}

/** Two number tokens: by value when both are exact, else by digits. */
function compareNumberTokens(a: Token, b: Token): number {
  if (a.value >= 0 && b.value >= 0) return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
  return compareNumber(a.text, b.text);
}

/** Two digit strings as numbers of any size: leading zeros skipped, longer is larger, then by digits. */
function compareNumber(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** apk's `apk_blob_sort`: bytewise, then the shorter first. */
function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** apk's `token_cmp` for two tokens of the same kind. */
function compareToken(a: Token, b: Token): number {
  switch (a.kind) {
    case Kind.Digit:
      // A component with a leading zero compares as a string (Gentoo's rule): 1.05 < 1.1, 1.0 < 1.00.
      if (a.text.charCodeAt(0) === 48 || b.text.charCodeAt(0) === 48) return compareText(a.text, b.text);
      return compareNumberTokens(a, b);
    case Kind.InitialDigit:
    case Kind.SuffixNo:
    case Kind.RevisionNo:
      return compareNumberTokens(a, b);
    case Kind.Letter:
    case Kind.Suffix:
      return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
    default:
      return compareText(a.text, b.text);
  }
}

/**
 * Alpine, Wolfi and Chainguard package versions, ordered as apk-tools' `apk_version_compare`
 * (`apk version -t a b`) orders them: tokens pairwise while their kinds agree; when one version runs
 * out or switches kind first, a pre-release suffix (_alpha, _beta, _pre, _rc) makes it lower, otherwise
 * the version whose next token is of the later kind (the end being the latest) is lower.
 */
export const apkScheme: VersionScheme<ApkVersion> = {
  name: "apk",
  parse: parseApk,
  compareParsed(a, b) {
    const at = a.tokens;
    const bt = b.tokens;
    let k = 0;
    let ta = at[0] ?? END;
    let tb = bt[0] ?? END;
    while (ta.kind === tb.kind && ta.kind !== Kind.End) {
      const r = compareToken(ta, tb);
      if (r !== 0) return r;
      k++;
      ta = at[k] ?? END;
      tb = bt[k] ?? END;
    }
    if (ta.kind === tb.kind) return 0;
    if (ta.kind === Kind.Suffix && ta.value < SUFFIX_NONE) return -1;
    if (tb.kind === Kind.Suffix && tb.value < SUFFIX_NONE) return 1;
    return ta.kind > tb.kind ? -1 : 1;
  },
};
