/**
 * A version scheme: how one family of ecosystems writes and orders versions.
 *
 * `parse` turns a string into a comparable value once (throwing InvalidVersionError, naming the
 * ecosystem and the version, when the string is not a version of this scheme); `compareParsed` orders
 * two parsed values. Sorting many versions parses each once, which is what makes it fast.
 */
export interface VersionScheme<P = unknown> {
  /** Short scheme name: "dpkg", "rpm", "apk", "semver", "pep440", "maven", "go", "gem", "nuget", "composer", "hex", "pub", "generic". */
  readonly name: string;
  /**
   * Parse a version. `ecosystem` is only used in the error message.
   * @throws InvalidVersionError
   */
  parse(version: string, ecosystem: string): P;
  /** Negative when a < b, 0 when equal in this scheme's order, positive when a > b. */
  compareParsed(a: P, b: P): number;
}
