import { InputError } from "../../../../errors.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { pypiPackage } from "../pypi-package.js";
import { type Header, readHeaders } from "./core-metadata.js";

/** `x.dist-info/METADATA`, `x.egg-info/PKG-INFO`, and the single-file `x.egg-info` of older installs. */
const WANTED = /(\.dist-info\/METADATA|\.egg-info\/PKG-INFO|\.egg-info)$/;

/** Licenses from the License-Expression / License headers, else from "License ::" classifiers. */
function licensesOf(headers: Header[]): string[] {
  const get = (n: string) => headers.find((h) => h.name === n)?.value;
  const expression = get("license-expression");
  if (expression) return [expression];
  const license = get("license");
  // A one-line License header names the license; a multi-line one is usually the whole license text.
  if (license && license !== "UNKNOWN" && !license.includes("\n") && license.length <= 100) return [license];
  return headers
    .filter((h) => h.name === "classifier" && h.value.startsWith("License ::"))
    .map((h) => h.value.split("::").pop()?.trim() ?? "")
    .filter((l) => l !== "" && l !== "OSI Approved");
}

/**
 * Installed Python distributions: the core metadata (Name, Version, License) that pip, setuptools and
 * Debian's python3-* packages leave in site-packages / dist-packages.
 */
export const distInfoCataloger: Cataloger = {
  name: "python-dist-info",
  wants(file: FileInfo): boolean {
    return WANTED.test(file.path);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const headers = readHeaders(file.path, await file.text());
    const name = headers.find((h) => h.name === "name")?.value;
    const version = headers.find((h) => h.name === "version")?.value;
    if (!name || !version) {
      const missing = !name ? "Name" : "Version";
      throw new InputError(`${file.path} line 1`, `core metadata has no ${missing} header`);
    }
    return {
      packages: [pypiPackage(file, "python-dist-info", { name, version, licenses: licensesOf(headers) })],
    };
  },
};
