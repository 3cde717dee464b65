import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";
import { compareIdentifiers, parseSemVerText, type SemVer } from "./semver.js";

/**
 * Pub (Dart and Flutter packages): package:pub_semver's `Version`
 * (https://pub.dev/documentation/pub_semver/latest/pub_semver/Version-class.html). The syntax is SemVer's
 * `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (numbers may have leading zeros: `1.02.0` is 1.2.0), but the
 * order differs in one place: build metadata counts. A prerelease sorts before its release; a version
 * without build sorts before the same version with one (`1.0.0 < 1.0.0+1 < 1.0.0+2`), and builds compare
 * like prereleases (numbers by value and below text, text by code unit, a shorter prefix first).
 */
export const pubScheme: VersionScheme<SemVer> = {
  name: "pub",
  parse(version: string, ecosystem: string): SemVer {
    const parsed = parseSemVerText(version, true);
    if (typeof parsed === "string") {
      throw new InvalidVersionError(
        ecosystem,
        version,
        `${parsed}; Pub versions look like 1.2.3, 2.0.0-dev.1 or 1.0.0+1`,
      );
    }
    return parsed;
  },
  compareParsed(a: SemVer, b: SemVer): number {
    if (a.major !== b.major) return a.major < b.major ? -1 : 1;
    if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
    if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
    if (a.pre.length === 0 && b.pre.length !== 0) return 1;
    if (a.pre.length !== 0 && b.pre.length === 0) return -1;
    const pre = compareIdentifiers(a.pre, b.pre);
    if (pre !== 0) return pre;
    return compareIdentifiers(a.build, b.build);
  },
};
