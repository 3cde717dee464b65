import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * Packagist (Composer) versions: normalised as composer/semver 3.x `VersionParser::normalize`
 * does, then ordered as Composer orders them, by PHP's `version_compare` on the normalised text.
 *
 * Normalisation: "1.0" -> "1.0.0.0", a leading `v` dropped, stabilities spelled out (`a`/`alpha`,
 * `b`/`beta`, `RC`, `p`/`pl`/`patch`) with their numbers, `-dev` kept, dates ("2010-01-02" ->
 * "2010.01.02") as versions, `1.x-dev` -> "1.9999999.9999999.9999999-dev", build metadata,
 * `@stability` flags and `as` aliases dropped. Order: dev < alpha < beta < RC < release < patch,
 * numbers numerically (saturating, like PHP's strtol, at 2^63 - 1).
 *
 * Branches ("dev-master", "dev-feature/x", and "master"/"trunk"/"default") parse, but Composer gives
 * them no order among themselves. Here they sort below every numbered version, as version_compare
 * puts them, and among themselves by name, so that the order stays total.
 */

/** A version_compare token: a number, or the rank of a word (dev 0 ... patch 5, unknown -1). */
interface Token {
  readonly numeric: boolean;
  /** The number for numeric tokens; the special-form rank for words. */
  readonly value: number | bigint;
}

/** A parsed Packagist version. */
export interface ComposerVersion {
  readonly original: string;
  /** VersionParser::normalize's output, e.g. "1.0.0.0-beta1". */
  readonly normalized: string;
  /** The branch name without "dev-" for branch versions ("dev-master" -> "master"), else null. */
  readonly branch: string | null;
  /** The normalised text split as version_compare splits it (empty for branches). */
  readonly tokens: readonly Token[];
}

// PCRE's \s without UTF mode, and PHP trim()'s default characters.
const S = "\\t\\n\\v\\f\\r ";
const ALIAS = new RegExp(`^([^,${S}]+) +as +([^,${S}]+)$`);
const STABILITY_FLAG = /@(?:stable|RC|beta|alpha|dev)$/i;
const BUILD_METADATA = new RegExp(`^([^,${S}+]+)\\+[^${S}]+$`);
const MODIFIER = "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?";
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, "i");
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER}$`, "i");
const DEV_SUFFIX = /([^\n]*?)[.-]?dev$/i;
const NUMERIC_BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

/** PHP's trim(): strips " ", "\t", "\n", "\r", "\0" and "\x0B" from both ends. */
function phpTrim(s: string): string {
  const trimmed = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0 || c === 11;
  let start = 0;
  let end = s.length;
  while (start < end && trimmed(s.charCodeAt(start))) start++;
  while (end > start && trimmed(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

function expandStability(stability: string): string {
  const s = stability.toLowerCase();
  if (s === "a") return "alpha";
  if (s === "b") return "beta";
  if (s === "p" || s === "pl") return "patch";
  if (s === "rc") return "RC";
  return s;
}

/** VersionParser::normalizeBranch: "1.x" -> "1.9999999.9999999.9999999-dev", else "dev-<name>". */
function normalizeBranch(name: string): string {
  const trimmed = phpTrim(name);
  const m = NUMERIC_BRANCH.exec(trimmed);
  if (m === null) return `dev-${trimmed}`;
  let version = "";
  for (let i = 1; i < 5; i++) version += m[i] === undefined ? ".x" : (m[i] as string).replace(/[*X]/g, "x");
  return `${version.replaceAll("x", "9999999")}-dev`;
}

/** VersionParser::normalize; null where it throws UnexpectedValueException. */
function normalize(input: string): string | null {
  let version = phpTrim(input);
  const alias = ALIAS.exec(version);
  if (alias !== null) version = alias[1] as string;
  const flag = STABILITY_FLAG.exec(version);
  if (flag !== null) version = version.slice(0, version.length - flag[0].length);
  if (version === "master" || version === "trunk" || version === "default") version = `dev-${version}`;
  if (version.slice(0, 4).toLowerCase() === "dev-") return `dev-${version.slice(4)}`;
  const build = BUILD_METADATA.exec(version);
  if (build !== null) version = build[1] as string;

  let m = CLASSICAL.exec(version);
  let index = 5;
  if (m !== null) {
    version = `${m[1]}${m[2] || ".0"}${m[3] || ".0"}${m[4] || ".0"}`;
  } else {
    m = DATE.exec(version);
    index = 2;
    if (m !== null) version = (m[1] as string).replace(/\D/g, ".");
  }
  if (m !== null) {
    const stability = m[index];
    if (stability) {
      if (stability === "stable") return version;
      version += `-${expandStability(stability)}${(m[index + 1] ?? "").replace(/^[.-]+/, "")}`;
    }
    if (m[index + 2]) version += "-dev";
    return version;
  }

  const dev = DEV_SUFFIX.exec(version);
  if (dev !== null) {
    const normalized = normalizeBranch(dev[1] as string);
    if (!normalized.includes("dev-")) return normalized;
  }
  return null;
}

// compare_special_version_forms in PHP's ext/standard/versioning.c: the first name that the word
// starts with gives its rank ("abc" is an alpha, "patch" a p, "stable" none: -1). PHP's table also
// has "#" (4), which stands for any number: NUMBER_RANK below.
const SPECIAL_FORMS: readonly [string, number][] = [
  ["dev", 0],
  ["alpha", 1],
  ["a", 1],
  ["beta", 2],
  ["b", 2],
  ["RC", 3],
  ["rc", 3],
  ["pl", 5],
  ["p", 5],
];
const NUMBER_RANK = 4;
const LONG_MAX = 9223372036854775807n;

function specialRank(word: string): number {
  for (const [name, rank] of SPECIAL_FORMS) if (word.startsWith(name)) return rank;
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * php_canonicalize_version then the split into parts, for normalised text (digits, ASCII letters,
 * "." and "-"): "." and "-" separate parts, as does every switch between digits and letters.
 */
function tokenize(text: string): Token[] {
  const parts: string[] = [];
  let current = text.charAt(0);
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    const transition =
      (!isDigit(prev) && prev !== 46 && isDigit(c)) || (isDigit(prev) && !isDigit(c) && c !== 46);
    if (isAlnum(c) && !transition) {
      current += text[i];
    } else {
      if (current !== "") parts.push(current);
      current = isAlnum(c) && transition ? (text[i] as string) : "";
    }
  }
  if (current !== "") parts.push(current);
  return parts.map((part) => {
    if (!isDigit(part.charCodeAt(0))) return { numeric: false, value: specialRank(part) };
    const digits = part.replace(/^0+(?=.)/, "");
    if (digits.length <= 15) return { numeric: true, value: Number(digits) };
    const n = BigInt(digits);
    return { numeric: true, value: n > LONG_MAX ? LONG_MAX : n };
  });
}

function parse(version: string, ecosystem: string): ComposerVersion {
  const normalized = normalize(version);
  if (normalized === null) {
    throw new InvalidVersionError(
      ecosystem,
      version,
      "not a Composer version (expected numbers with an optional stability, e.g. 5.4.10, v6.0.0-BETA1, 1.0.0-RC2, or a dev- branch)",
    );
  }
  const isBranch = normalized.startsWith("dev-");
  return {
    original: version,
    normalized,
    branch: isBranch ? normalized.slice(4) : null,
    tokens: isBranch ? [] : tokenize(normalized),
  };
}

function sign(x: number | bigint, y: number | bigint): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One part against another, as php_version_compare compares them. */
function compareTokens(x: Token, y: Token): number {
  if (x.numeric === y.numeric) return sign(x.value, y.value);
  return x.numeric ? sign(NUMBER_RANK, y.value) : sign(x.value, NUMBER_RANK);
}

function compare(a: ComposerVersion, b: ComposerVersion): number {
  if (a.branch !== null || b.branch !== null) {
    if (a.branch === null) return 1;
    if (b.branch === null) return -1;
    return a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : 0;
  }
  const ta = a.tokens;
  const tb = b.tokens;
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const r = compareTokens(ta[i] as Token, tb[i] as Token);
    if (r !== 0) return r;
  }
  // The longer one wins when its next part is a number; a next word is compared with a number.
  if (ta.length > n) {
    const next = ta[n] as Token;
    return next.numeric ? 1 : sign(next.value, NUMBER_RANK);
  }
  if (tb.length > n) {
    const next = tb[n] as Token;
    return next.numeric ? -1 : sign(NUMBER_RANK, next.value);
  }
  return 0;
}

/** Composer's order for Packagist versions. */
export const composerScheme: VersionScheme<ComposerVersion> = {
  name: "composer",
  parse,
  compareParsed: compare,
};
