import type { Advisory, Affected, DistroStatus } from "./advisory.js";
import type { Package } from "./package.js";

/** How the matcher tied a package to an advisory. */
export type MatchKind =
  /** A distro binary package matched through its source package against the distro's own advisories. */
  | "distro-source"
  /** A distro package matched by its own (binary) name. */
  | "distro-binary"
  /** A language package matched against its ecosystem's ranges. */
  | "ecosystem"
  /** A runtime or application matched by product and version. */
  | "runtime";

/** One package × one advisory. Aliases merge later, into findings. */
export interface Match {
  package: Package;
  advisory: Advisory;
  /** The affected entry that matched. */
  affected: Affected;
  kind: MatchKind;
  /** Versions that fix it, lowest above the installed version first. Empty when no fix is known. */
  fixedVersions: string[];
  distroStatus?: DistroStatus;
}
