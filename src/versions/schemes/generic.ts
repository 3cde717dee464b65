import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/** Token kinds, in the order they sort at the same position. */
const TILDE = 0;
const PRERELEASE = 1;
/** Where one version has run out of tokens: not stored, only compared against. */
const END = 2;
const TEXT = 3;
const NUMBER = 4;

/** A parsed generic version: parallel token kinds and values. */
export interface GenericVersion {
  readonly kinds: readonly number[];
  /** Numbers for NUMBER tokens (bigint past 2^53 - 1), the word's rank for PRERELEASE, lower-case text for TEXT, 0 for TILDE. */
  readonly values: readonly (number | bigint | string)[];
}

/** Words that mark a prerelease, lowest first; their rank is their order here. */
const PRERELEASE_WORDS: ReadonlyMap<string, number> = new Map(
  ["dev", "alpha", "beta", "pre", "preview", "rc"].map((w, i) => [w, i]),
);

/**
 * The fallback order for ecosystems without a scheme of their own (OSV's Linux, OSS-Fuzz, Bitnami, GitHub
 * Actions, Hackage, CRAN, Bioconductor, SwiftURL, ConanCenter, GHC, Julia): good for the dotted numeric
 * versions they mostly use, and predictable for anything else.
 *
 * A version is split into tokens: runs of ASCII digits (numbers), runs of ASCII letters (words), and `~`.
 * Everything else (`.`, `-`, `_`, `+`, ...) only separates tokens, so `1.0-1`, `1.0.1` and `1_0_1` are
 * equal. A leading `v` or `V` before a digit is dropped (`v1.2` = `1.2`). Tokens compare left to right;
 * the first difference decides. At one position, kinds sort as
 *
 *   `~`  <  prerelease word  <  (end of version)  <  other word  <  number
 *
 * - numbers compare by value, so leading zeros do not matter (`1.02` = `1.2`, `1.10` > `1.9`);
 * - the first `dev`, `alpha`, `beta`, `pre`, `preview` or `rc` (any case) is a prerelease word and sorts
 *   before the end of the version, in that order (`1.0-dev < 1.0-alpha < 1.0-beta < 1.0-rc1 < 1.0`); later
 *   words in the same version are ordinary words, so `1.0-alpha < 1.0-alpha.beta` as in SemVer;
 * - `~` sorts before everything, the end included, as in Debian (`1.0~rc1 < 1.0-rc1 < 1.0`);
 * - other words sort after the end (`1.0 < 1.0a < 1.0b`, `1.0 < 1.0-patch1`) and between themselves
 *   alphabetically ignoring case; numbers sort after words (`1.0a < 1.0.1`);
 * - a version that is a prefix of another sorts first: `1.0 < 1.0.0`, as Haskell's Data.Version and R's
 *   package_version order them.
 *
 * Empty versions, versions with whitespace or control characters, and versions without any digit or
 * letter are invalid.
 */
export const genericScheme: VersionScheme<GenericVersion> = {
  name: "generic",
  parse(version: string, ecosystem: string): GenericVersion {
    if (version.trim() === "") throw new InvalidVersionError(ecosystem, version, "empty");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\s\u0000-\u001f\u007f]/.test(version)) {
      throw new InvalidVersionError(ecosystem, version, "contains whitespace or control characters");
    }
    const kinds: number[] = [];
    const values: (number | bigint | string)[] = [];
    let seenPrerelease = false;
    let i = 0;
    const n = version.length;
    const c0 = version.charCodeAt(0);
    if ((c0 === 118 || c0 === 86) /* v V */ && isDigit(version.charCodeAt(1))) i = 1;
    while (i < n) {
      const c = version.charCodeAt(i);
      if (isDigit(c)) {
        let j = i + 1;
        while (j < n && isDigit(version.charCodeAt(j))) j++;
        const digits = version.slice(i, j);
        const value = Number(digits);
        kinds.push(NUMBER);
        values.push(value <= Number.MAX_SAFE_INTEGER ? value : BigInt(digits));
        i = j;
      } else if (isLetter(c)) {
        let j = i + 1;
        while (j < n && isLetter(version.charCodeAt(j))) j++;
        const word = version.slice(i, j).toLowerCase();
        const rank = seenPrerelease ? undefined : PRERELEASE_WORDS.get(word);
        if (rank === undefined) {
          kinds.push(TEXT);
          values.push(word);
        } else {
          seenPrerelease = true;
          kinds.push(PRERELEASE);
          values.push(rank);
        }
        i = j;
      } else {
        if (c === 126 /* ~ */) {
          kinds.push(TILDE);
          values.push(0);
        }
        i++;
      }
    }
    if (!kinds.some((k) => k === NUMBER || k === TEXT || k === PRERELEASE)) {
      throw new InvalidVersionError(ecosystem, version, "has no digits or letters");
    }
    return { kinds, values };
  },
  compareParsed(a: GenericVersion, b: GenericVersion): number {
    const n = Math.max(a.kinds.length, b.kinds.length);
    for (let i = 0; i < n; i++) {
      const ka = i < a.kinds.length ? a.kinds[i]! : END;
      const kb = i < b.kinds.length ? b.kinds[i]! : END;
      if (ka !== kb) return ka < kb ? -1 : 1;
      if (ka === END) return 0;
      const va = a.values[i]!;
      const vb = b.values[i]!;
      if (va !== vb) return va < vb ? -1 : 1;
    }
    return 0;
  },
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
