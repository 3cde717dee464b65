import type { Package } from "../../../model/package.js";
import { purl } from "../purl.js";

/** A Rust crate as a Package: ecosystem crates.io, `pkg:cargo/serde@1.0.152`. */
export function cratePackage(
  name: string,
  version: string,
  location: string,
  foundBy: string,
  extra: Pick<Package, "direct" | "metadata"> = {},
): Package {
  const pkg: Package = {
    name,
    version,
    ecosystem: "crates.io",
    purl: purl("cargo", undefined, name, version),
    locations: [location],
    foundBy,
  };
  if (extra.direct !== undefined) pkg.direct = extra.direct;
  if (extra.metadata && Object.keys(extra.metadata).length > 0) pkg.metadata = extra.metadata;
  return pkg;
}
