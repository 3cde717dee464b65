import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";
import { compareSemVer, type Identifier, parseSemVerText, type SemVer } from "./semver.js";

const NO_IDENTIFIERS: readonly Identifier[] = Object.freeze([]);

/** Go toolchain versions (https://go.dev/doc/toolchain#version): `1`, `1.20`, `1.21.3`, `1.21rc1`, `1.20beta1`. */
const TOOLCHAIN = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*)|([a-z]+)(0|[1-9]\d*)?)?)?$/;

/** x/mod/semver shorthands: `v1` means v1.0.0 and `v1.2` means v1.2.0. */
const SHORTHAND = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/;

/**
 * Go versions, in one order for module versions and for the Go toolchain (the `stdlib` and `toolchain`
 * packages in OSV):
 *
 * - Module versions follow golang.org/x/mod/semver (https://pkg.go.dev/golang.org/x/mod/semver): SemVer
 *   2.0.0 with a `v` prefix, build metadata such as `+incompatible` ignored, `v1` and `v1.2` shorthands for
 *   `v1.0.0` and `v1.2.0`. Pseudo-versions (https://go.dev/ref/mod#pseudo-versions: `v0.0.0-20191109021931-
 *   daa7c04131f5`, `v1.2.4-0.20191109021931-daa7c04131f5`, `v1.2.3-pre.0.20191109021931-daa7c04131f5`) are
 *   SemVer prereleases and order as such: after the tag they build on, before the next release. The `v` may
 *   be left out, as OSV ranges do (`1.2.3`, `1.21.0-0`).
 * - Toolchain versions follow Go's own rules (https://go.dev/doc/toolchain#version, as in the Go
 *   distribution's go/version.Compare): `go1.21.3`, and without the `go` too when the text is not a full
 *   SemVer version (`1.22rc1`, `1.21`). They are placed among SemVer versions the way the Go vulnerability
 *   database writes them: `go1.21rc1` is `1.21.0-rc.1`, `go1.20beta1` is `1.20.0-beta.1`, `go1` is `1.0.0`,
 *   and before Go 1.21 `go1.20` is the release `1.20.0`. From Go 1.21 on, `go1.21` names the language
 *   version, below every 1.21 prerelease and release, and is placed at `1.21.0-0`, the lowest 1.21.0
 *   prerelease. So `go1.21 < go1.21rc1 < go1.21.0`, as Go orders them. Prerelease kinds order alphabetically
 *   (`alpha < beta < rc`) and then by number, as Go does.
 *
 * Bare `1.21` is read as a toolchain version (module versions in OSV always have three parts); write
 * `v1.21` for the module shorthand.
 */
export const goScheme: VersionScheme<SemVer> = {
  name: "go",
  parse(version: string, ecosystem: string): SemVer {
    const c0 = version.charCodeAt(0);
    if (c0 === 103 /* g */ && version.startsWith("go")) {
      const t = toolchain(version.slice(2));
      if (t === undefined) throw new InvalidVersionError(ecosystem, version, TOOLCHAIN_REASON);
      return t;
    }
    if (c0 === 118 /* v */) {
      const text = version.slice(1);
      const short = SHORTHAND.exec(text);
      if (short !== null) {
        const major = Number(short[1]);
        const minor = short[2] === undefined ? 0 : Number(short[2]);
        if (Math.max(major, minor) > Number.MAX_SAFE_INTEGER) {
          throw new InvalidVersionError(
            ecosystem,
            version,
            `a version number is larger than ${Number.MAX_SAFE_INTEGER}`,
          );
        }
        return release(major, minor, 0);
      }
      return module(version, text, ecosystem);
    }
    if (c0 >= 48 && c0 <= 57) {
      const t = toolchain(version);
      if (t !== undefined) return t;
    }
    return module(version, version, ecosystem);
  },
  compareParsed: compareSemVer,
};

const TOOLCHAIN_REASON =
  "not a Go toolchain version such as go1.21.3, go1.22rc1 or go1.20 (https://go.dev/doc/toolchain#version)";

function module(version: string, text: string, ecosystem: string): SemVer {
  const parsed = parseSemVerText(text, false);
  if (typeof parsed === "string") {
    throw new InvalidVersionError(
      ecosystem,
      version,
      `${parsed}; expected a Go module version such as v1.2.3, v0.0.0-20191109021931-daa7c04131f5 or v2.0.0+incompatible, or a Go toolchain version such as go1.21.3`,
    );
  }
  return parsed;
}

function release(
  major: number,
  minor: number,
  patch: number,
  pre: readonly Identifier[] = NO_IDENTIFIERS,
): SemVer {
  return { major, minor, patch, pre, build: NO_IDENTIFIERS };
}

/** A Go toolchain version (without "go") as the SemVer it sorts as, or undefined if it is not one. */
function toolchain(text: string): SemVer | undefined {
  const m = TOOLCHAIN.exec(text);
  if (m === null || text.length > 64) return undefined;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  const n = m[5] === undefined ? 0 : Number(m[5]);
  if (Math.max(major, minor, patch, n) > Number.MAX_SAFE_INTEGER) return undefined;
  if (m[4] !== undefined) return release(major, minor, 0, m[5] === undefined ? [m[4]] : [m[4], n]);
  // Go 1.21 made "1.N" (N >= 21) the language version, below 1.N's prereleases; before, it was 1.N.0.
  if (m[2] !== undefined && m[3] === undefined && minor >= 21)
    return release(major, minor, 0, LANGUAGE_VERSION);
  return release(major, minor, patch);
}

const LANGUAGE_VERSION: readonly Identifier[] = Object.freeze([0]);
