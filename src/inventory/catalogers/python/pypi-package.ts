import type { Package } from "../../../model/package.js";
import type { CatalogFile } from "../../cataloger.js";
import { normalizePypiName, pypiPurl } from "../purl.js";

/** What a Python cataloger knows about one package. */
export interface PypiEntry {
  name: string;
  version: string;
  dev?: boolean;
  direct?: boolean;
  licenses?: string[];
  metadata?: Record<string, string>;
}

/**
 * A Package of the PyPI ecosystem found in `file`. The name is PEP 503 normalised ("PyYAML" -> "pyyaml"),
 * the form OSV advisories use; the name as written is kept in metadata when it differs.
 */
export function pypiPackage(file: CatalogFile, foundBy: string, entry: PypiEntry): Package {
  const name = normalizePypiName(entry.name);
  const metadata = {
    ...(entry.metadata ?? {}),
    ...(name !== entry.name ? { declaredName: entry.name } : {}),
  };
  return {
    name,
    version: entry.version,
    ecosystem: "PyPI",
    purl: pypiPurl(name, entry.version),
    locations: [file.path],
    ...(file.layer ? { layer: file.layer } : {}),
    ...(entry.dev ? { dev: true } : {}),
    ...(entry.direct !== undefined ? { direct: entry.direct } : {}),
    ...(entry.licenses && entry.licenses.length > 0 ? { licenses: entry.licenses } : {}),
    foundBy,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

/** The file name part of a target path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
