import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * A Debian version, `[epoch:]upstream[-revision]`, split once so that comparing is a walk over two
 * strings with no allocation.
 */
export interface DpkgVersion {
  /** 0 when the version has no epoch. */
  readonly epoch: number;
  readonly upstream: string;
  /** "" when the version has no revision (dpkg compares that equal to "0"). */
  readonly revision: string;
}

/** dpkg refuses epochs above INT_MAX ("epoch in version is too big"). */
const MAX_EPOCH = 2147483647;

const CH_0 = 48;
const CH_9 = 57;
const CH_TILDE = 126;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** C isspace in the C locale: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Parse like dpkg's `parseversion` (lib/dpkg/parsehelp.c): surrounding whitespace is ignored; the epoch
 * is everything before the first ":" and the revision everything after the last "-". dpkg treats some
 * problems as errors (empty parts, bad epoch, embedded spaces) and others as warnings (upstream not
 * starting with a digit, characters outside Debian policy); both are rejected here, because a version
 * that breaks Debian policy cannot be ordered the way the archive orders it.
 */
function parseDpkg(version: string, ecosystem: string): DpkgVersion {
  const invalid = (reason: string): InvalidVersionError =>
    new InvalidVersionError(ecosystem, version, reason);
  let start = 0;
  let end = version.length;
  while (start < end && isSpace(version.charCodeAt(start))) start++;
  while (end > start && isSpace(version.charCodeAt(end - 1))) end--;
  if (start === end) throw invalid("the version is empty");
  for (let i = start; i < end; i++) {
    if (isSpace(version.charCodeAt(i))) throw invalid("a Debian version has no spaces in it");
  }
  const text = start === 0 && end === version.length ? version : version.slice(start, end);

  let epoch = 0;
  let rest = text;
  const colon = text.indexOf(":");
  if (colon >= 0) {
    epoch = parseEpoch(text.slice(0, colon), invalid);
    rest = text.slice(colon + 1);
    if (rest === "") throw invalid("nothing follows the epoch's colon");
  }

  let upstream = rest;
  let revision = "";
  const hyphen = rest.lastIndexOf("-");
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === "") throw invalid("the Debian revision after the last '-' is empty");
  }
  if (upstream === "") throw invalid("the upstream version is empty");
  if (!isDigit(upstream.charCodeAt(0))) throw invalid("the upstream version must start with a digit");
  for (let i = 1; i < upstream.length; i++) {
    const c = upstream.charCodeAt(i);
    // ".-+~:" besides letters and digits (":" only when an epoch is present, "-" only with a revision).
    if (!isDigit(c) && !isAsciiLetter(c) && c !== 46 && c !== 45 && c !== 43 && c !== CH_TILDE && c !== 58) {
      throw invalid(
        `the upstream version has the character ${JSON.stringify(upstream[i])} (allowed: A-Za-z0-9.+~-:)`,
      );
    }
  }
  for (let i = 0; i < revision.length; i++) {
    const c = revision.charCodeAt(i);
    if (!isDigit(c) && !isAsciiLetter(c) && c !== 46 && c !== 43 && c !== CH_TILDE) {
      throw invalid(
        `the Debian revision has the character ${JSON.stringify(revision[i])} (allowed: A-Za-z0-9.+~)`,
      );
    }
  }
  return { epoch, upstream, revision };
}

/** The epoch as C strtol reads it (an optional sign, then decimal digits), with dpkg's checks. */
function parseEpoch(text: string, invalid: (reason: string) => InvalidVersionError): number {
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45) {
    negative = text.charCodeAt(0) === 45;
    i = 1;
  }
  if (i === text.length) throw invalid("the epoch before ':' is empty");
  let value = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) throw invalid("the epoch before ':' is not a number");
    value = value * 10 + (c - CH_0);
  }
  if (negative && value !== 0) throw invalid("the epoch is negative");
  if (value > MAX_EPOCH) throw invalid(`the epoch is above dpkg's maximum ${MAX_EPOCH}`);
  return value;
}

/** dpkg's character weight: "~" below the end of the string, letters below all other symbols. */
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigit(c)) return 0;
  if (isAsciiLetter(c)) return c;
  if (c === CH_TILDE) return -1;
  return c + 256;
}

/**
 * dpkg's `verrevcmp` (lib/dpkg/version.c): alternate non-digit runs (compared by `order`) and digit
 * runs (compared as numbers of any length, leading zeros ignored).
 */
function verrevcmp(a: string, b: string): number {
  const al = a.length;
  const bl = b.length;
  let i = 0;
  let j = 0;
  while (i < al || j < bl) {
    let firstDiff = 0;
    while ((i < al && !isDigit(a.charCodeAt(i))) || (j < bl && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < al && a.charCodeAt(i) === CH_0) i++;
    while (j < bl && b.charCodeAt(j) === CH_0) j++;
    while (i < al && j < bl && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < al && isDigit(a.charCodeAt(i))) return 1;
    if (j < bl && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/**
 * Debian and Ubuntu package versions (Debian Policy 5.6.12), ordered exactly as
 * `dpkg --compare-versions` orders them: epoch, then upstream version, then Debian revision.
 */
export const dpkgScheme: VersionScheme<DpkgVersion> = {
  name: "dpkg",
  parse: parseDpkg,
  compareParsed(a, b) {
    if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
    return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
  },
};
