import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { devOnly } from "../dev-only.js";
import { isObject, type JsonObject, str } from "../json.js";
import { insideNodeModules, npmPackage } from "../npm-package.js";
import { lineOfYamlKey, parseYamlObject } from "../yaml-doc.js";

/** The lockfile layouts pnpm has written: 5.x (pnpm 7), 6.x (pnpm 8), 9.x (pnpm 9, 10). */
type Layout = 5 | 6 | 9;

/**
 * pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x. Packages come from the `packages` map (keys
 * `/name/1.0.0_peer`, `/name@1.0.0(peer)`, `name@1.0.0`); copies that differ only in their peers are one
 * package. v5 and v6 mark dev-only packages themselves; for v9 the marking comes from the graph in
 * `snapshots`, rooted at the importers' dependencies and devDependencies.
 */
export const pnpmLockCataloger: Cataloger = {
  name: "pnpm-lock",
  wants(file: FileInfo): boolean {
    return (
      (file.path === "pnpm-lock.yaml" || file.path.endsWith("/pnpm-lock.yaml")) &&
      !insideNodeModules(file.path)
    );
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const text = await file.text();
    const lock = parseYamlObject(file.path, text);
    const layout = layoutOf(file.path, text, lock["lockfileVersion"]);
    return { packages: toPackages(file, text, lock, layout) };
  },
};

function layoutOf(source: string, text: string, raw: unknown): Layout {
  const major = Number.parseInt(String(raw), 10);
  if (major === 5) return 5;
  if (major === 6) return 6;
  if (major === 7 || major === 9) return 9;
  throw new InputError(
    `${source} line ${lineOfYamlKey(text, "lockfileVersion")}`,
    `lockfileVersion ${JSON.stringify(raw)} is not supported (5.x, 6.x and 9.x are); regenerate it with pnpm 7 or later`,
  );
}

/** Removes the peer suffix of a package key or version reference: "(peer@1)" (v6, v9) or "_peer@1" (v5). */
function withoutPeers(ref: string, layout: Layout): string {
  const cut = layout === 5 ? ref.indexOf("_") : ref.indexOf("(");
  return cut === -1 ? ref : ref.slice(0, cut);
}

/** Name and version from a `packages` key; the entry's own `name`/`version` win (git and tarball packages). */
function nameVersion(key: string, entry: JsonObject, layout: Layout): [string, string] | undefined {
  const bare = withoutPeers(key.startsWith("/") ? key.slice(1) : key, layout);
  let name: string | undefined;
  let version: string | undefined;
  if (layout === 5) {
    const parts = bare.split("/");
    const nameParts = bare.startsWith("@") ? 2 : 1;
    name = parts.slice(0, nameParts).join("/");
    version = parts.slice(nameParts).join("/");
  } else {
    const at = bare.indexOf("@", 1);
    if (at !== -1) {
      name = bare.slice(0, at);
      version = bare.slice(at + 1);
    }
  }
  name = str(entry, "name") ?? name;
  version = str(entry, "version") ?? version;
  return name && version ? [name, version] : undefined;
}

/** The dependency maps of an importer or of the v5/v6 top level: name -> resolved version reference. */
function importerRefs(importer: JsonObject, field: string): [string, string][] {
  const deps = importer[field];
  if (!isObject(deps)) return [];
  const out: [string, string][] = [];
  for (const [name, v] of Object.entries(deps)) {
    const ref = typeof v === "string" ? v : isObject(v) ? str(v, "version") : undefined;
    if (ref !== undefined) out.push([name, String(ref)]);
  }
  return out;
}

/** The importers: `importers` (workspaces, and every v9 lockfile), else the top level (single project v5/v6). */
function importersOf(lock: JsonObject): JsonObject[] {
  const importers = lock["importers"];
  if (isObject(importers)) return Object.values(importers).filter(isObject);
  return [lock];
}

/** A version reference as a v9 snapshot key, or undefined for links and local directories. */
function snapshotKey(name: string, ref: string): string | undefined {
  if (ref.startsWith("link:") || ref.startsWith("file:")) return undefined;
  if (/^\d/.test(ref)) return `${name}@${ref}`;
  return ref; // an alias ("string-width@4.2.3") or a URL-keyed package: the reference is the key
}

/** v9: snapshot keys only development dependencies reach. */
function devSnapshots(lock: JsonObject, importers: JsonObject[]): Set<string> {
  const snapshots = isObject(lock["snapshots"]) ? lock["snapshots"] : {};
  const edges = new Map<string, string[]>();
  for (const [key, snap] of Object.entries(snapshots)) {
    if (!isObject(snap)) continue;
    const refs = [...importerRefs(snap, "dependencies"), ...importerRefs(snap, "optionalDependencies")];
    edges.set(
      key,
      refs.flatMap(([n, r]) => snapshotKey(n, r) ?? []),
    );
  }
  const roots = (fields: string[]) =>
    importers.flatMap((imp) =>
      fields.flatMap((f) => importerRefs(imp, f)).flatMap(([n, r]) => snapshotKey(n, r) ?? []),
    );
  const dev = devOnly(edges, roots(["dependencies", "optionalDependencies"]), roots(["devDependencies"]));
  return new Set([...dev].map((k) => withoutPeers(k, 9)));
}

function toPackages(file: CatalogFile, text: string, lock: JsonObject, layout: Layout): Package[] {
  const packages = lock["packages"];
  if (packages === undefined) return [];
  if (!isObject(packages)) {
    throw new InputError(`${file.path} line ${lineOfYamlKey(text, "packages")}`, '"packages" is not a map');
  }
  const importers = importersOf(lock);
  const direct = new Set<string>();
  for (const imp of importers) {
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
      for (const [n, r] of importerRefs(imp, field)) {
        const bare = withoutPeers(r, layout);
        direct.add(/^\d/.test(bare) ? `${n}@${bare}` : bare.replace(/^\//, ""));
      }
    }
  }
  const dev9 = layout === 9 ? devSnapshots(lock, importers) : undefined;
  const byId = new Map<
    string,
    { name: string; version: string; dev: boolean; optional: boolean; key: string }
  >();
  for (const [key, entry] of Object.entries(packages)) {
    const where = () => `${file.path} line ${lineOfYamlKey(text, key)}`;
    const e = entry ?? {};
    if (!isObject(e)) throw new InputError(where(), `package ${key} is not a map`);
    const nv = nameVersion(key, e, layout);
    if (!nv)
      throw new InputError(where(), `cannot read a name and version from package key ${JSON.stringify(key)}`);
    const [name, version] = nv;
    const id = `${name}@${version}`;
    const isDev = layout === 9 ? (dev9?.has(id) ?? false) : e["dev"] === true;
    const prev = byId.get(id);
    byId.set(id, {
      name,
      version,
      dev: prev ? prev.dev && isDev : isDev,
      optional: e["optional"] === true,
      key,
    });
  }
  return [...byId.values()].map((p) =>
    npmPackage(file, "pnpm-lock", {
      name: p.name,
      version: p.version,
      dev: p.dev,
      direct: direct.has(`${p.name}@${p.version}`),
      metadata: { key: p.key, ...(p.optional ? { optional: "true" } : {}) },
    }),
  );
}
