import type { Package } from "../../../model/package.js";
import { purl } from "../purl.js";

/** A NuGet package as a Package: ecosystem NuGet, `pkg:nuget/Newtonsoft.Json@13.0.3` (id as written). */
export function nugetPackage(
  name: string,
  version: string,
  location: string,
  foundBy: string,
  extra: Pick<Package, "direct" | "metadata"> = {},
): Package {
  const pkg: Package = {
    name,
    version,
    ecosystem: "NuGet",
    purl: purl("nuget", undefined, name, version),
    locations: [location],
    foundBy,
  };
  if (extra.direct !== undefined) pkg.direct = extra.direct;
  if (extra.metadata && Object.keys(extra.metadata).length > 0) pkg.metadata = extra.metadata;
  return pkg;
}
