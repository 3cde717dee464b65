import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { baseName, pypiPackage } from "../pypi-package.js";
import { nameAndVersion, packageTables, parseToml } from "../toml.js";

/**
 * pdm.lock. Each package lists the dependency groups that need it (`groups`, PDM 2.8+); one that
 * "default" does not need is development-only. Older lockfiles have no groups: dev is unknown there.
 */
export const pdmLockCataloger: Cataloger = {
  name: "pdm-lock",
  wants(file: FileInfo): boolean {
    return baseName(file.path) === "pdm.lock";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const text = await file.text();
    const doc = parseToml(file.path, text);
    const packages = packageTables(file.path, text, doc).map((entry) => {
      const [name, version] = nameAndVersion(file.path, entry);
      const groups = entry.table["groups"];
      const dev = Array.isArray(groups) && groups.length > 0 && !groups.includes("default");
      return pypiPackage(file, "pdm-lock", {
        name,
        version,
        dev,
        metadata: Array.isArray(groups) ? { groups: groups.map(String).join(",") } : {},
      });
    });
    return { packages };
  },
};
