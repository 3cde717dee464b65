import type { Package } from "../../../model/package.js";
import { purl } from "../purl.js";

/**
 * A Composer package as a Package (ecosystem Packagist, name "vendor/package"). The version is kept as
 * the lock writes it ("v5.4.53" stays "v5.4.53"): Packagist advisories and the composer version scheme
 * both accept the leading "v", and stripping it would lose what the lock says.
 */
export function composerPackage(
  name: string,
  version: string,
  location: string,
  foundBy: string,
  extra: Pick<Package, "dev" | "direct" | "metadata"> = {},
): Package {
  const slash = name.indexOf("/");
  const pkg: Package = {
    name,
    version,
    ecosystem: "Packagist",
    purl:
      slash > 0
        ? purl("composer", name.slice(0, slash), name.slice(slash + 1), version)
        : purl("composer", undefined, name, version),
    locations: [location],
    foundBy,
  };
  if (extra.dev) pkg.dev = true;
  if (extra.direct !== undefined) pkg.direct = extra.direct;
  if (extra.metadata && Object.keys(extra.metadata).length > 0) pkg.metadata = extra.metadata;
  return pkg;
}
