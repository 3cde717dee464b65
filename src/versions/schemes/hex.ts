import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";
import { compareSemVer, parseSemVerText, type SemVer } from "./semver.js";

/**
 * Hex (Elixir and Erlang packages): Elixir's `Version` (https://hexdocs.pm/elixir/Version.html), which is
 * strict SemVer 2.0.0: exactly `MAJOR.MINOR.PATCH`, no `v` prefix, no leading zeros in numbers or numeric
 * prerelease identifiers, a release above its prereleases, build metadata parsed but ignored for ordering
 * (`Version.compare("1.0.0+a", "1.0.0+b")` is `:eq`).
 */
export const hexScheme: VersionScheme<SemVer> = {
  name: "hex",
  parse(version: string, ecosystem: string): SemVer {
    const parsed = parseSemVerText(version, false);
    if (typeof parsed === "string") {
      throw new InvalidVersionError(
        ecosystem,
        version,
        `${parsed}; Hex versions are strict SemVer 2.0.0 such as 1.7.0-rc.2`,
      );
    }
    return parsed;
  },
  compareParsed: compareSemVer,
};
