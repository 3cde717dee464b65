import type { Package } from "../../model/package.js";
import { purl } from "./purl.js";

/** Optional facts a cataloger may add: whether the package is a direct dependency, and metadata. */
export type PackageExtras = Pick<Package, "direct" | "metadata">;

/**
 * Builds the Package for `name` at `version`, found by the cataloger `foundBy` at `location`. `direct`
 * is set only when given, and `metadata` only when it has at least one entry.
 */
export type PackageMaker = (
  name: string,
  version: string,
  location: string,
  foundBy: string,
  extra?: PackageExtras,
) => Package;

/** A PackageMaker for one ecosystem whose package URLs are `pkg:<purlType>/<name>@<version>`. */
export function packageMaker(ecosystem: string, purlType: string): PackageMaker {
  return (name, version, location, foundBy, extra = {}) => {
    const pkg: Package = {
      name,
      version,
      ecosystem,
      purl: purl(purlType, undefined, name, version),
      locations: [location],
      foundBy,
    };
    if (extra.direct !== undefined) pkg.direct = extra.direct;
    if (extra.metadata && Object.keys(extra.metadata).length > 0) pkg.metadata = extra.metadata;
    return pkg;
  };
}
