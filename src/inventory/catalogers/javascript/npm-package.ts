import type { Package } from "../../../model/package.js";
import type { CatalogFile } from "../../cataloger.js";
import { npmPurl } from "../purl.js";

/** What a JavaScript cataloger knows about one resolved package. */
export interface NpmEntry {
  name: string;
  version: string;
  dev?: boolean;
  direct?: boolean;
  metadata?: Record<string, string>;
}

/** A Package of the npm ecosystem found in `file`. */
export function npmPackage(file: CatalogFile, foundBy: string, entry: NpmEntry): Package {
  return {
    name: entry.name,
    version: entry.version,
    ecosystem: "npm",
    purl: npmPurl(entry.name, entry.version),
    locations: [file.path],
    ...(file.layer ? { layer: file.layer } : {}),
    ...(entry.dev ? { dev: true } : {}),
    ...(entry.direct !== undefined ? { direct: entry.direct } : {}),
    foundBy,
    ...(entry.metadata && Object.keys(entry.metadata).length > 0 ? { metadata: entry.metadata } : {}),
  };
}

/** The directory part of a target path, with a trailing slash ("" at the root). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash + 1);
}

/** True when a path lies inside some node_modules folder (published lockfiles of dependencies are ignored). */
export function insideNodeModules(path: string): boolean {
  return path.startsWith("node_modules/") || path.includes("/node_modules/");
}
