import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { baseName, pypiPackage } from "../pypi-package.js";
import { isTable, nameAndVersion, packageTables, parseToml } from "../toml.js";

/**
 * poetry.lock. Development-only packages are marked from `category = "dev"` (Poetry before 1.5) or from
 * `groups` without "main" (Poetry 2); Poetry 1.5-1.8 lockfiles record neither, so dev is unknown there.
 * Path dependencies (source type "directory") are the user's own code and are skipped.
 */
export const poetryLockCataloger: Cataloger = {
  name: "poetry-lock",
  wants(file: FileInfo): boolean {
    return baseName(file.path) === "poetry.lock";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const text = await file.text();
    const doc = parseToml(file.path, text);
    const packages = packageTables(file.path, text, doc).flatMap((entry) => {
      const [name, version] = nameAndVersion(file.path, entry);
      const category = entry.table["category"];
      const groups = entry.table["groups"];
      const dev =
        category === "dev" || (Array.isArray(groups) && groups.length > 0 && !groups.includes("main"));
      const source = entry.table["source"];
      const sourceType = isTable(source) && typeof source["type"] === "string" ? source["type"] : undefined;
      if (sourceType === "directory") return [];
      return [
        pypiPackage(file, "poetry-lock", {
          name,
          version,
          dev,
          metadata: sourceType ? { source: sourceType } : {},
        }),
      ];
    });
    return { packages };
  },
};
