import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { isObject, type JsonObject, lineAt, lineOfKey, parseJsonObject, str } from "../json.js";
import { dirOf, insideNodeModules, npmPackage } from "../npm-package.js";

const NAMES = new Set(["package-lock.json", "npm-shrinkwrap.json"]);
const DEP_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] as const;

/**
 * npm's package-lock.json and npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies`), 2 and 3
 * (flat `packages` keyed by install path; v2 also carries the v1 tree, which is ignored). Workspace
 * links and the workspaces' own folders are not packages; their dependencies are. dev packages are kept
 * and marked; optional, peer and bundled ones are marked in metadata.
 */
export const packageLockCataloger: Cataloger = {
  name: "npm-lock",
  wants(file: FileInfo): boolean {
    const base = file.path.slice(file.path.lastIndexOf("/") + 1);
    return NAMES.has(base) && !insideNodeModules(file.path);
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    const text = await file.text();
    const lock = parseJsonObject(file.path, text);
    const version = lock["lockfileVersion"];
    if (version === 2 || version === 3) return { packages: fromPackages(file, text, lock) };
    if (version === 1 || version === undefined)
      return { packages: await fromDependencies(file, text, lock, ctx) };
    throw new InputError(
      `${file.path} line ${lineOfKey(text, "lockfileVersion")}`,
      `lockfileVersion ${JSON.stringify(version)} is not supported (1, 2 and 3 are); regenerate it with npm 7 or later`,
    );
  },
};

/** Names a manifest (package.json-shaped object) depends on in any dependency field. */
function dependencyNames(manifest: JsonObject): Set<string> {
  const names = new Set<string>();
  for (const field of DEP_FIELDS) {
    const deps = manifest[field];
    if (isObject(deps)) for (const n of Object.keys(deps)) names.add(n);
  }
  return names;
}

/** "a/node_modules/@s/b/node_modules/c" -> "c"; "node_modules/@s/b" -> "@s/b". */
function nameFromInstallPath(key: string): string {
  const at = key.lastIndexOf("node_modules/");
  return key.slice(at + "node_modules/".length);
}

function flags(entry: JsonObject): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (entry["optional"] === true) metadata["optional"] = "true";
  if (entry["devOptional"] === true) metadata["devOptional"] = "true";
  if (entry["peer"] === true) metadata["peer"] = "true";
  if (entry["inBundle"] === true || entry["bundled"] === true) metadata["bundled"] = "true";
  const resolved = str(entry, "resolved");
  if (resolved) metadata["resolved"] = resolved;
  const integrity = str(entry, "integrity");
  if (integrity) metadata["integrity"] = integrity;
  return metadata;
}

/** lockfileVersion 2 and 3: the `packages` map. */
function fromPackages(file: CatalogFile, text: string, lock: JsonObject): Package[] {
  const packages = lock["packages"];
  if (!isObject(packages)) {
    throw new InputError(
      `${file.path} line ${lineOfKey(text, "lockfileVersion")}`,
      `lockfileVersion ${String(lock["lockfileVersion"])} needs a "packages" object`,
    );
  }
  // The root project and each workspace folder ("packages/app") declare the direct dependencies.
  const direct = new Set<string>();
  for (const [key, entry] of Object.entries(packages)) {
    if (!key.includes("node_modules/") && isObject(entry))
      for (const n of dependencyNames(entry)) direct.add(n);
  }
  const out: Package[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    if (!key.includes("node_modules/")) continue; // root project or a workspace folder: not a dependency
    if (!isObject(entry)) {
      throw new InputError(
        `${file.path} line ${lineOfKey(text, key)}`,
        `packages[${JSON.stringify(key)}] is not an object`,
      );
    }
    if (entry["link"] === true) continue; // a symlink to a workspace or file: dependency, listed at its target
    const version = str(entry, "version");
    if (!version) {
      throw new InputError(
        `${file.path} line ${lineOfKey(text, key)}`,
        `packages[${JSON.stringify(key)}] has no "version"; regenerate the lockfile with npm install`,
      );
    }
    const name = str(entry, "name") ?? nameFromInstallPath(key);
    const topLevel = key.lastIndexOf("node_modules/") === key.indexOf("node_modules/");
    out.push(
      npmPackage(file, "npm-lock", {
        name,
        version,
        dev: entry["dev"] === true,
        direct: topLevel && direct.has(nameFromInstallPath(key)),
        metadata: { ...flags(entry), path: key },
      }),
    );
  }
  return out;
}

/** "npm:real-name@1.2.3" (an alias) -> ["real-name", "1.2.3"]. */
function unalias(name: string, version: string): [string, string] {
  if (!version.startsWith("npm:")) return [name, version];
  const spec = version.slice(4);
  const at = spec.lastIndexOf("@");
  return at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [name, version];
}

/** The sibling package.json's dependency names, when the engine collected it and it parses. */
async function siblingManifestDeps(file: CatalogFile, ctx: CatalogContext): Promise<Set<string> | undefined> {
  const manifest = ctx.sibling(`${dirOf(file.path)}package.json`);
  if (!manifest) return undefined;
  try {
    const parsed: unknown = JSON.parse(await manifest.text());
    return isObject(parsed) ? dependencyNames(parsed) : undefined;
  } catch {
    return undefined; // the manifest is another cataloger's business; "direct" is then left unknown
  }
}

/**
 * lockfileVersion 1: the nested `dependencies` tree. The lockfile does not say which dependencies are
 * direct; a sibling package.json does, when the engine has it.
 */
async function fromDependencies(
  file: CatalogFile,
  text: string,
  lock: JsonObject,
  ctx: CatalogContext,
): Promise<Package[]> {
  const deps = lock["dependencies"];
  if (deps === undefined) return [];
  if (!isObject(deps)) {
    throw new InputError(
      `${file.path} line ${lineOfKey(text, "dependencies")}`,
      `"dependencies" is not an object`,
    );
  }
  const directNames = await siblingManifestDeps(file, ctx);
  const out: Package[] = [];
  // `from` is where the parent entry starts in the text, so that line numbers point at the right copy of a name.
  const walk = (tree: JsonObject, parentPath: string, from: number) => {
    for (const [key, entry] of Object.entries(tree)) {
      const installPath = `${parentPath}node_modules/${key}`;
      const at = text.indexOf(`${JSON.stringify(key)}:`, from);
      const where = `${file.path} line ${lineAt(text, at === -1 ? 0 : at)}`;
      if (!isObject(entry)) throw new InputError(where, `dependency ${key} is not an object`);
      const raw = str(entry, "version");
      if (!raw) throw new InputError(where, `dependency ${key} has no "version"; regenerate the lockfile`);
      if (!raw.startsWith("file:")) {
        const [name, version] = unalias(key, raw);
        out.push(
          npmPackage(file, "npm-lock", {
            name,
            version,
            dev: entry["dev"] === true,
            ...(parentPath === "" && directNames ? { direct: directNames.has(key) } : {}),
            metadata: { ...flags(entry), path: installPath },
          }),
        );
      }
      const nested = entry["dependencies"];
      if (isObject(nested)) walk(nested, `${installPath}/`, at === -1 ? from : at);
    }
  };
  walk(deps, "", 0);
  return out;
}
