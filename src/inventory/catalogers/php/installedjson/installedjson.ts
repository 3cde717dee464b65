import { z } from "zod";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { composerPackage } from "../composer.js";
import { parseJsonFile } from "../json.js";

const NAME = "composer-installed";

const InstalledPackage = z.object({ name: z.string().min(1), version: z.string().min(1) });

/** Composer 1 writes an array of packages; Composer 2 an object with `packages` and `dev-package-names`. */
const InstalledJson = z.union([
  z.array(InstalledPackage),
  z.object({
    packages: z.array(InstalledPackage),
    dev: z.boolean().optional(),
    "dev-package-names": z.array(z.string()).optional(),
  }),
]);

/** Packages installed under vendor/, dev ones per Composer 2's dev-package-names (Composer 1 does not say). */
export function installedJsonPackages(path: string, text: string): Package[] {
  const data = parseJsonFile(path, text, InstalledJson, "vendor/composer/installed.json (no packages)");
  const packages = Array.isArray(data) ? data : data.packages;
  const dev = new Set(Array.isArray(data) ? [] : (data["dev-package-names"] ?? []));
  const format = Array.isArray(data) ? "1" : "2";
  return packages.map((p) =>
    composerPackage(p.name, p.version, path, NAME, {
      dev: dev.has(p.name),
      metadata: { composerFormat: format },
    }),
  );
}

/** vendor/composer/installed.json: what Composer installed (Packagist). */
export const composerInstalledCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 64 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return (
      file.path === "vendor/composer/installed.json" || file.path.endsWith("/vendor/composer/installed.json")
    );
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: installedJsonPackages(file.path, await file.text()) };
  },
};
