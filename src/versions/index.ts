import { schemeFor } from "./ecosystems.js";

export { isAffected } from "./affected.js";
export { ecosystemBase, knownEcosystems, schemeFor } from "./ecosystems.js";
export type { VersionScheme } from "./types.js";

/**
 * Compares two versions of an OSV ecosystem ("Debian:12", "npm", "PyPI", "Maven"...): negative when a
 * is lower, 0 when equal, positive when a is higher.
 * @throws UnknownEcosystemError for an ecosystem no scheme is registered for
 * @throws InvalidVersionError for a version the ecosystem's scheme cannot parse
 */
export function compareVersions(ecosystem: string, a: string, b: string): number {
  const scheme = schemeFor(ecosystem);
  return scheme.compareParsed(scheme.parse(a, ecosystem), scheme.parse(b, ecosystem));
}

/** Sorts versions of one ecosystem, lowest first, parsing each once. Returns a new array. */
export function sortVersions(ecosystem: string, versions: readonly string[]): string[] {
  const scheme = schemeFor(ecosystem);
  const parsed = versions.map((v) => ({ v, p: scheme.parse(v, ecosystem) }));
  parsed.sort((x, y) => scheme.compareParsed(x.p, y.p));
  return parsed.map((x) => x.v);
}
