import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";
import { isDigits } from "./semver.js";

/** A parsed NuGet version: four numbers (missing ones are 0) and the release labels. */
export interface NuGetVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly revision: number;
  /**
   * Release labels, lower-cased; labels that .NET's `int.TryParse` reads as a 32-bit integer are numbers.
   * Empty for a release.
   */
  readonly labels: readonly (number | string)[];
}

const NO_LABELS: readonly (number | string)[] = Object.freeze([]);
const INT32_MAX = 2147483647;

/** `1`, `1.2`, `1.2.3` or `1.2.3.4`, then `-label.label` and `+metadata`. */
const NUGET =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * NuGet: NuGet.Versioning's `NuGetVersion` with `VersionComparer.Default`
 * (https://learn.microsoft.com/nuget/concepts/package-versioning,
 * https://github.com/NuGet/NuGet.Client/blob/dev/src/NuGet.Core/NuGet.Versioning/VersionComparer.cs):
 *
 * - one to four numeric parts, missing parts are 0 (`1.0` = `1.0.0` = `1.0.0.0`); leading zeros are
 *   allowed there (`1.01` is 1.1) but not in numeric release labels (`1.0.0-beta.01` is invalid, as in
 *   NuGet); each part fits a 32-bit signed integer. The fourth part is the legacy `System.Version`
 *   revision and orders after patch. Unlike NuGet, which trims the string and lets `System.Version` read
 *   signs and spaces inside numbers, Vigil rejects whitespace and signs: no real package version has them.
 * - a version with release labels (`-beta.2`) sorts before the same version without; labels compare one
 *   by one: numeric ones (as .NET's `int.TryParse` reads them, so `-1` is a number and a number past
 *   2^31 - 1 is text) by value and before text, text ignoring case (`1.0.0-Beta` = `1.0.0-beta`, as NuGet says), and
 *   fewer labels first when one list is a prefix of the other (`6.0.0-preview.7` < `6.0.0-preview.7.21377.19`).
 * - build metadata (`+sha.abc`) is ignored for ordering.
 */
export const nugetScheme: VersionScheme<NuGetVersion> = {
  name: "nuget",
  parse(version: string, ecosystem: string): NuGetVersion {
    const m = NUGET.exec(version);
    if (m === null) {
      throw new InvalidVersionError(
        ecosystem,
        version,
        version.trim() === ""
          ? "empty"
          : "expected one to four dot-separated numbers, then optional -prerelease and +metadata labels of [0-9A-Za-z-], such as 1.0.0, 4.0.0.1 or 6.0.0-preview.7.21377.19",
      );
    }
    const parts = [m[1], m[2], m[3], m[4]].map((p) => (p === undefined ? 0 : Number(p)));
    if (parts.some((p) => p > INT32_MAX)) {
      throw new InvalidVersionError(ecosystem, version, `a version number is larger than ${INT32_MAX}`);
    }
    const zero = m[5] === undefined ? null : LEADING_ZERO_LABEL.exec(m[5]);
    if (zero !== null) {
      throw new InvalidVersionError(
        ecosystem,
        version,
        `numeric release label "${zero[1]}" has a leading zero`,
      );
    }
    const labels = m[5] === undefined ? NO_LABELS : m[5].split(".").map(label);
    return { major: parts[0]!, minor: parts[1]!, patch: parts[2]!, revision: parts[3]!, labels };
  },
  compareParsed(a: NuGetVersion, b: NuGetVersion): number {
    if (a.major !== b.major) return a.major < b.major ? -1 : 1;
    if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
    if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
    if (a.revision !== b.revision) return a.revision < b.revision ? -1 : 1;
    const x = a.labels;
    const y = b.labels;
    if (x.length === 0) return y.length === 0 ? 0 : 1;
    if (y.length === 0) return -1;
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const p = x[i]!;
      const q = y[i]!;
      if (p === q) continue;
      if (typeof p === "number") return typeof q === "number" ? (p < q ? -1 : 1) : -1;
      if (typeof q === "number") return 1;
      return p < q ? -1 : 1;
    }
    return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
  },
};

/** A numeric release label with a leading zero, which NuGet rejects (`0` is fine, `01` is not, `0a` is text). */
const LEADING_ZERO_LABEL = /(?:^|\.)(0\d+)(?=\.|$)/;

/** One release label as it compares: what .NET's `int.TryParse` reads as an int (`-5` included), or the text lower-cased. */
function label(text: string): number | string {
  const negative = text.charCodeAt(0) === 45; /* - */
  if (isDigits(negative ? text.slice(1) : text)) {
    const n = Number(text);
    if (n <= INT32_MAX && n >= -INT32_MAX - 1) return n;
  }
  return text.toLowerCase();
}
