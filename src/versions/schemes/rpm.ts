import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/** An RPM EVR, `[epoch:]version[-release]`, split once. */
export interface RpmVersion {
  /** The epoch's digits without leading zeros ("" for epoch 0 and for no epoch: rpm treats both as 0). */
  readonly epoch: string;
  readonly version: string;
  /** undefined when the EVR has no release: rpm's labelCompare puts that below any release. */
  readonly release: string | undefined;
}

const CH_0 = 48;
const CH_9 = 57;
const CH_TILDE = 126;
const CH_CARET = 94;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters rpmbuild accepts in Version and Release (alphanumerics and `._+~^`), plus "-" inside the version. */
function isVersionChar(c: number, hyphenAllowed: boolean): boolean {
  return (
    isDigit(c) ||
    isAlpha(c) ||
    c === 46 ||
    c === 95 ||
    c === 43 ||
    c === CH_TILDE ||
    c === CH_CARET ||
    (hyphenAllowed && c === 45)
  );
}

/**
 * Split like rpm's `rpmverParse` (rpmio/rpmver.c): leading digits followed by ":" are the epoch, the
 * release is what follows the last "-". rpm itself accepts any non-empty string; this parser also
 * rejects what no rpm package can carry (empty parts, spaces, characters rpmbuild refuses in Version
 * and Release), so that garbage in a feed fails loudly instead of being ordered arbitrarily.
 */
function parseRpm(evr: string, ecosystem: string): RpmVersion {
  const invalid = (reason: string): InvalidVersionError => new InvalidVersionError(ecosystem, evr, reason);
  if (evr === "") throw invalid("the version is empty");
  let i = 0;
  while (i < evr.length && isDigit(evr.charCodeAt(i))) i++;
  let epoch = "";
  let rest = evr;
  if (evr.charCodeAt(i) === 58) {
    if (i === 0) throw invalid("the epoch before ':' is empty");
    let z = 0;
    while (z < i && evr.charCodeAt(z) === CH_0) z++;
    epoch = evr.slice(z, i);
    rest = evr.slice(i + 1);
  }
  const hyphen = rest.lastIndexOf("-");
  const version = hyphen < 0 ? rest : rest.slice(0, hyphen);
  const release = hyphen < 0 ? undefined : rest.slice(hyphen + 1);
  if (version === "") throw invalid("the version part is empty");
  if (release === "") throw invalid("the release after the last '-' is empty");
  for (let k = 0; k < version.length; k++) {
    if (!isVersionChar(version.charCodeAt(k), true)) {
      throw invalid(`the version has the character ${JSON.stringify(version[k])} (allowed: A-Za-z0-9._+~^)`);
    }
  }
  if (release !== undefined) {
    for (let k = 0; k < release.length; k++) {
      if (!isVersionChar(release.charCodeAt(k), false)) {
        throw invalid(
          `the release has the character ${JSON.stringify(release[k])} (allowed: A-Za-z0-9._+~^)`,
        );
      }
    }
  }
  return { epoch, version, release };
}

/**
 * rpm's `rpmvercmp` (rpmio/rpmvercmp.c, rpm 4.18): separators are skipped; "~" sorts before everything,
 * even the end of the string; "^" sorts after the end of the string but before anything else; then
 * alternating all-digit segments (compared as numbers, leading zeros ignored) and all-letter segments
 * (compared by ASCII), a digit segment beating a letter segment. When every segment ties, the version with
 * segments left over wins.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  const al = a.length;
  const bl = b.length;
  let i = 0;
  let j = 0;
  while (i < al || j < bl) {
    while (i < al && isSeparator(a.charCodeAt(i))) i++;
    while (j < bl && isSeparator(b.charCodeAt(j))) j++;
    const ca = i < al ? a.charCodeAt(i) : 0;
    const cb = j < bl ? b.charCodeAt(j) : 0;

    if (ca === CH_TILDE || cb === CH_TILDE) {
      if (ca !== CH_TILDE) return 1;
      if (cb !== CH_TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CH_CARET || cb === CH_CARET) {
      if (ca === 0) return -1;
      if (cb === 0) return 1;
      if (ca !== CH_CARET) return 1;
      if (cb !== CH_CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === 0 || cb === 0) break;

    let ei = i;
    let ej = j;
    const numeric = isDigit(ca);
    if (numeric) {
      while (ei < al && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < bl && isDigit(b.charCodeAt(ej))) ej++;
    } else {
      while (ei < al && isAlpha(a.charCodeAt(ei))) ei++;
      while (ej < bl && isAlpha(b.charCodeAt(ej))) ej++;
    }
    // A digit segment against a letter segment (which reads as empty here): digits are newer.
    if (ej === j) return numeric ? 1 : -1;
    if (numeric) {
      while (i < ei && a.charCodeAt(i) === CH_0) i++;
      while (j < ej && b.charCodeAt(j) === CH_0) j++;
      const la = ei - i;
      const lb = ej - j;
      if (la !== lb) return la > lb ? 1 : -1;
    }
    const rc = compareRange(a, i, ei, b, j, ej);
    if (rc !== 0) return rc;
    i = ei;
    j = ej;
  }
  if (i >= al && j >= bl) return 0;
  return i >= al ? -1 : 1;
}

/** Anything that is not alphanumeric, "~" or "^" only separates segments. */
function isSeparator(c: number): boolean {
  return !isDigit(c) && !isAlpha(c) && c !== CH_TILDE && c !== CH_CARET;
}

/** strcmp of a[i..ei) and b[j..ej), as -1, 0 or 1. */
function compareRange(a: string, i: number, ei: number, b: string, j: number, ej: number): number {
  while (i < ei && j < ej) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
    i++;
    j++;
  }
  if (i < ei) return 1;
  if (j < ej) return -1;
  return 0;
}

/** Epochs are digit strings without leading zeros: longer is larger, then by digits. */
function compareEpoch(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * RPM package versions (Red Hat, AlmaLinux, Rocky, SUSE, Amazon, Oracle, Mageia, openEuler, Photon,
 * Azure Linux), ordered as rpm's python `labelCompare` orders EVR triples: epoch (missing = 0), then
 * version, then release by `rpmvercmp`, a missing release below any release.
 */
export const rpmScheme: VersionScheme<RpmVersion> = {
  name: "rpm",
  parse: parseRpm,
  compareParsed(a, b) {
    const e = compareEpoch(a.epoch, b.epoch);
    if (e !== 0) return e;
    const v = rpmvercmp(a.version, b.version);
    if (v !== 0) return v;
    if (a.release === undefined || b.release === undefined) {
      return a.release === b.release ? 0 : a.release === undefined ? -1 : 1;
    }
    return rpmvercmp(a.release, b.release);
  },
};
