import type { Package } from "../../../model/package.js";
import { purl } from "../purl.js";

/** Maven coordinates: the OSV Maven package name is "groupId:artifactId". */
export interface MavenCoordinates {
  groupId: string;
  artifactId: string;
  version: string;
}

/** `pkg:maven/org.apache.commons/commons-lang3@3.12.0`. */
export function mavenPurl(c: MavenCoordinates): string {
  return purl("maven", c.groupId, c.artifactId, c.version);
}

/** A Maven artifact as a Package (ecosystem Maven, name "groupId:artifactId"). */
export function mavenPackage(
  c: MavenCoordinates,
  location: string,
  foundBy: string,
  extra: Pick<Package, "dev" | "direct" | "metadata"> = {},
): Package {
  const pkg: Package = {
    name: `${c.groupId}:${c.artifactId}`,
    version: c.version,
    ecosystem: "Maven",
    purl: mavenPurl(c),
    locations: [location],
    foundBy,
  };
  if (extra.dev) pkg.dev = true;
  if (extra.direct !== undefined) pkg.direct = extra.direct;
  if (extra.metadata && Object.keys(extra.metadata).length > 0) pkg.metadata = extra.metadata;
  return pkg;
}
