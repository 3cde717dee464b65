import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { devOnly } from "../../javascript/dev-only.js";
import { normalizePypiName } from "../../purl.js";
import { baseName, pypiPackage } from "../pypi-package.js";
import { isTable, nameAndVersion, packageTables, parseToml, type TomlTable } from "../toml.js";

/** Sources that are the user's own projects (workspace members, path dependencies), not packages from an index. */
const LOCAL_SOURCES = ["editable", "virtual", "directory", "path"];

function sourceKind(table: TomlTable): string | undefined {
  const source = table["source"];
  if (!isTable(source)) return undefined;
  return Object.keys(source)[0];
}

/** `dependencies = [{ name = "x" }, { name = "y", version = "1.0" }]` -> node ids. */
function depIds(list: unknown, ids: (name: string, version?: string) => string[]): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((d) =>
    isTable(d) && typeof d["name"] === "string"
      ? ids(d["name"], typeof d["version"] === "string" ? d["version"] : undefined)
      : [],
  );
}

/**
 * uv.lock. The project itself and other local members (editable, virtual, directory, path sources) are
 * not packages. Development-only packages are those reached only through the members' dependency groups
 * (`[package.dev-dependencies]`), not through their dependencies or optional dependencies.
 */
export const uvLockCataloger: Cataloger = {
  name: "uv-lock",
  wants(file: FileInfo): boolean {
    return baseName(file.path) === "uv.lock";
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const text = await file.text();
    const doc = parseToml(file.path, text);
    const entries = packageTables(file.path, text, doc).map((entry) => {
      const [name, version] = nameAndVersion(file.path, entry);
      return { name: normalizePypiName(name), declared: name, version, table: entry.table };
    });
    const ids = (name: string, version?: string) =>
      entries
        .map((e, i) => ({ e, i }))
        .filter(
          ({ e }) => e.name === normalizePypiName(name) && (version === undefined || e.version === version),
        )
        .map(({ i }) => String(i));
    const edges = new Map<string, string[]>();
    const prodRoots: string[] = [];
    const devRoots: string[] = [];
    entries.forEach((e, i) => {
      const optional = isTable(e.table["optional-dependencies"])
        ? Object.values(e.table["optional-dependencies"])
        : [];
      const deps = [...depIds(e.table["dependencies"], ids), ...optional.flatMap((l) => depIds(l, ids))];
      edges.set(String(i), deps);
      if (LOCAL_SOURCES.includes(sourceKind(e.table) ?? "")) {
        prodRoots.push(String(i));
        const groups = e.table["dev-dependencies"];
        if (isTable(groups)) for (const list of Object.values(groups)) devRoots.push(...depIds(list, ids));
      }
    });
    const dev = devOnly(edges, prodRoots, devRoots);
    const packages: Package[] = entries.flatMap((e, i) => {
      const kind = sourceKind(e.table);
      if (LOCAL_SOURCES.includes(kind ?? "")) return [];
      return [
        pypiPackage(file, "uv-lock", {
          name: e.declared,
          version: e.version,
          dev: dev.has(String(i)),
          metadata: kind ? { source: kind } : {},
        }),
      ];
    });
    return { packages };
  },
};
