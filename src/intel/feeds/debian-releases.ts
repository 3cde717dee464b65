/**
 * Debian release codenames -> OSV ecosystem ("Debian:12"), as osv.dev names Debian releases: the
 * major version from 7 on, "3.0"…"6.0" before. sid and experimental have no release number and
 * no `VERSION_ID` in os-release: their entries are not kept (Trivy's Debian source does the same).
 */
const CODENAMES: ReadonlyMap<string, string> = new Map([
  ["woody", "3.0"],
  ["sarge", "3.1"],
  ["etch", "4.0"],
  ["lenny", "5.0"],
  ["squeeze", "6.0"],
  ["wheezy", "7"],
  ["jessie", "8"],
  ["stretch", "9"],
  ["buster", "10"],
  ["bullseye", "11"],
  ["bookworm", "12"],
  ["trixie", "13"],
  ["forky", "14"],
  ["duke", "15"],
]);

/** The OSV ecosystem of a Debian codename, or undefined for sid, experimental and unknown names. */
export function debianEcosystem(codename: string): string | undefined {
  const n = CODENAMES.get(codename.toLowerCase());
  return n === undefined ? undefined : `Debian:${n}`;
}
