import type { Package } from "../../../model/package.js";
import { purl } from "../purl.js";

/** A Go module version as OSV's Go ecosystem writes it: without the leading "v" ("v1.2.3" -> "1.2.3"). */
export function osvGoVersion(version: string): string {
  return version.startsWith("v") ? version.slice(1) : version;
}

/** pkg:golang purl of a module path and its module version as Go writes it ("v1.2.3"). */
export function goPurl(modulePath: string, version: string): string {
  const slash = modulePath.lastIndexOf("/");
  const namespace = slash < 0 ? undefined : modulePath.slice(0, slash);
  const name = slash < 0 ? modulePath : modulePath.slice(slash + 1);
  return purl("golang", namespace, name, version);
}

/** A Go module as a Package; `version` as Go writes it (with "v"). */
export function goModulePackage(
  modulePath: string,
  version: string,
  location: string,
  foundBy: string,
  extra: Pick<Package, "direct" | "metadata"> = {},
): Package {
  const pkg: Package = {
    name: modulePath,
    version: osvGoVersion(version),
    ecosystem: "Go",
    purl: goPurl(modulePath, version),
    locations: [location],
    foundBy,
  };
  if (extra.direct !== undefined) pkg.direct = extra.direct;
  if (extra.metadata && Object.keys(extra.metadata).length > 0) pkg.metadata = extra.metadata;
  return pkg;
}
