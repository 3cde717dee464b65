import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { isObject, lineOfKey, parseJsonObject, str } from "../../javascript/json.js";
import { baseName, pypiPackage } from "../pypi-package.js";

/**
 * Pipfile.lock (pipenv): the `default` and `develop` sections, versions written "==1.2.3". A package in
 * `develop` only is dev; one in both is not. Git, path and editable entries carry no version and are skipped.
 */
export const pipfileLockCataloger: Cataloger = {
  name: "pipfile-lock",
  wants(file: FileInfo): boolean {
    return baseName(file.path) === "Pipfile.lock";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const text = await file.text();
    const lock = parseJsonObject(file.path, text);
    const found = new Map<string, { name: string; version: string; dev: boolean }>();
    for (const section of ["default", "develop"] as const) {
      const entries = lock[section];
      if (entries === undefined) continue;
      if (!isObject(entries)) {
        throw new InputError(
          `${file.path} line ${lineOfKey(text, section)}`,
          `"${section}" is not an object`,
        );
      }
      const sectionStart = text.indexOf(`"${section}"`);
      for (const [name, entry] of Object.entries(entries)) {
        const where = () => `${file.path} line ${lineOfKey(text, name, sectionStart)}`;
        if (!isObject(entry)) throw new InputError(where(), `${section}.${name} is not an object`);
        const spec = str(entry, "version");
        if (spec === undefined) continue; // git / path / editable
        const m = /^===?\s*(\S+)$/.exec(spec.trim());
        if (!m)
          throw new InputError(
            where(),
            `${section}.${name} version ${JSON.stringify(spec)} is not "==<version>"`,
          );
        const key = `${name}@${m[1]}`;
        const prev = found.get(key);
        found.set(key, { name, version: m[1]!, dev: section === "develop" && (prev ? prev.dev : true) });
      }
    }
    const packages: Package[] = [...found.values()].map((p) =>
      pypiPackage(file, "pipfile-lock", { name: p.name, version: p.version, dev: p.dev }),
    );
    return { packages };
  },
};
