import type { Package } from "../../../model/package.js";
import { purl } from "../purl.js";

/** `pkg:gem/rack@2.2.22`. */
export function gemPurl(name: string, version: string): string {
  return purl("gem", undefined, name, version);
}

/** An installed or locked gem as a Package (ecosystem RubyGems). */
export function gemPackage(name: string, version: string, location: string, foundBy: string): Package {
  return {
    name,
    version,
    ecosystem: "RubyGems",
    purl: gemPurl(name, version),
    locations: [location],
    foundBy,
  };
}
