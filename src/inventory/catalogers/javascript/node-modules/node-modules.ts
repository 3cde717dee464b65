import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { parseJsonObject, str } from "../json.js";
import { npmPackage } from "../npm-package.js";

/** `node_modules/name/package.json` or `node_modules/@scope/name/package.json`, at any depth. */
const INSTALLED = /(^|\/)node_modules\/(@[^/]+\/)?[^/@.][^/]*\/package\.json$/;

/**
 * Installed npm packages: the package.json of every folder directly inside a node_modules folder
 * (nested copies included: each is what Node loads for its dependents). A package.json without a name and
 * version there is a test fixture some package ships, not a package, and is skipped.
 *
 * It also wants the project manifests (package.json outside node_modules) and returns nothing for them:
 * the engine then has them at hand as siblings, where the lockfile catalogers read direct and dev
 * dependencies from.
 */
export const nodeModulesCataloger: Cataloger = {
  name: "node-modules",
  wants(file: FileInfo): boolean {
    return file.path === "package.json" || file.path.endsWith("/package.json");
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    if (!INSTALLED.test(file.path)) return {};
    const text = await file.text();
    const manifest = parseJsonObject(file.path, text);
    const name = str(manifest, "name");
    const version = str(manifest, "version");
    if (!name || !version) return {};
    const license = str(manifest, "license");
    const pkg = npmPackage(file, "node-modules", { name, version });
    return { packages: [license ? { ...pkg, licenses: [license] } : pkg] };
  },
};
