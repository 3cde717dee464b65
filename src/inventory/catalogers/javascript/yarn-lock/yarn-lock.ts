import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { devOnly, type ManifestDeps, manifestDeps } from "../dev-only.js";
import { isObject, str } from "../json.js";
import { dirOf, insideNodeModules, npmPackage } from "../npm-package.js";
import { lineOfYamlKey, parseYamlObject } from "../yaml-doc.js";

/** One resolved package of a yarn lockfile, before dev marking. */
interface YarnEntry {
  /** The descriptors ("name@range") that resolve to it. */
  specs: string[];
  name: string;
  version: string;
  /** Descriptors of its dependencies ("name@range"). */
  deps: string[];
  resolved?: string;
  /** Berry workspaces are not packages, but their dependencies are the roots. */
  workspace: boolean;
}

/** Splits a descriptor "name@range" / "@scope/name@range" at the "@" after the name. */
function splitDescriptor(spec: string): [string, string] {
  const at = spec.indexOf("@", 1);
  return at === -1 ? [spec, ""] : [spec.slice(0, at), spec.slice(at + 1)];
}

/** Berry resolution protocols that are not packages from a registry or a remote: the project's own code. */
const LOCAL_PROTOCOLS = new Set(["workspace", "patch", "link", "portal", "file"]);

/**
 * yarn.lock, both the classic v1 format and berry (yarn 2+: YAML with `__metadata`). Each resolved
 * package is one Package; workspace, patch, link, portal and file resolutions are skipped (local code, or
 * a patched copy of a package that is listed on its own). The lockfile does not say which packages are
 * development-only: that comes from the sibling package.json, when the engine collected it.
 */
export const yarnLockCataloger: Cataloger = {
  name: "yarn-lock",
  wants(file: FileInfo): boolean {
    return (file.path === "yarn.lock" || file.path.endsWith("/yarn.lock")) && !insideNodeModules(file.path);
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    const text = await file.text();
    const entries = /^__metadata:/m.test(text) ? parseBerry(file.path, text) : parseClassic(file.path, text);
    const manifest = await siblingManifest(file, ctx);
    return { packages: toPackages(file, entries, manifest) };
  },
};

async function siblingManifest(file: CatalogFile, ctx: CatalogContext): Promise<ManifestDeps | undefined> {
  const sibling = ctx.sibling(`${dirOf(file.path)}package.json`);
  if (!sibling) return undefined;
  try {
    const parsed: unknown = JSON.parse(await sibling.text());
    return isObject(parsed) ? manifestDeps(parsed) : undefined;
  } catch {
    return undefined; // not ours to report: dev marking is then unknown
  }
}

/** A bare or double-quoted yarn string; a malformed quoted one is an InputError at `where` (file and line). */
function unquote(s: string, where: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      throw new InputError(where, `malformed quoted string ${JSON.stringify(t.slice(0, 80))}`);
    }
  }
  return t;
}

/** The classic yarn v1 format: top-level descriptor lines, two-space properties, four-space dependency lists. */
function parseClassic(source: string, text: string): YarnEntry[] {
  const entries: YarnEntry[] = [];
  let current: (YarnEntry & { line: number }) | undefined;
  let block: string | undefined;
  const finish = () => {
    if (current && !current.version) {
      throw new InputError(
        `${source} line ${current.line}`,
        `entry ${current.specs.join(", ")} has no version`,
      );
    }
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    const lineNo = i + 1;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      finish();
      if (!line.endsWith(":")) {
        throw new InputError(
          `${source} line ${lineNo}`,
          `expected a descriptor line ending in ":", got ${JSON.stringify(line.slice(0, 80))}`,
        );
      }
      const specs = line
        .slice(0, -1)
        .split(",")
        .map((s) => unquote(s, `${source} line ${lineNo}`))
        .filter((s) => s !== "");
      const [name, range] = splitDescriptor(specs[0] ?? "");
      const aliased = range.startsWith("npm:") ? splitDescriptor(range.slice(4))[0] : name;
      current = { specs, name: aliased, version: "", deps: [], workspace: false, line: lineNo };
      entries.push(current);
      block = undefined;
      continue;
    }
    if (!current) throw new InputError(`${source} line ${lineNo}`, "indented line before the first entry");
    const body = line.trim();
    if (indent === 2) {
      if (body.endsWith(":")) {
        block = unquote(body.slice(0, -1), `${source} line ${lineNo}`);
        continue;
      }
      block = undefined;
      const m = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.+)$/.exec(body);
      if (!m)
        throw new InputError(
          `${source} line ${lineNo}`,
          `expected "key value", got ${JSON.stringify(body.slice(0, 80))}`,
        );
      const key = unquote(m[1]!, `${source} line ${lineNo}`);
      const value = unquote(m[2]!, `${source} line ${lineNo}`);
      if (key === "version") current.version = value;
      else if (key === "resolved") current.resolved = value;
      continue;
    }
    if (indent === 4 && block !== undefined) {
      const m = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.+)$/.exec(body);
      if (!m)
        throw new InputError(
          `${source} line ${lineNo}`,
          `expected "name range", got ${JSON.stringify(body.slice(0, 80))}`,
        );
      if (block === "dependencies" || block === "optionalDependencies") {
        current.deps.push(
          `${unquote(m[1]!, `${source} line ${lineNo}`)}@${unquote(m[2]!, `${source} line ${lineNo}`)}`,
        );
      }
      continue;
    }
    throw new InputError(`${source} line ${lineNo}`, `unexpected indentation (${indent} spaces)`);
  }
  finish();
  return entries.filter((e) => !/^(file|link|workspace):/.test(splitDescriptor(e.specs[0] ?? "")[1]));
}

/** Berry (yarn 2, 3, 4): a YAML map of comma-joined descriptors to entries with `resolution`. */
function parseBerry(source: string, text: string): YarnEntry[] {
  const doc = parseYamlObject(source, text);
  const entries: YarnEntry[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === "__metadata") continue;
    const where = () => `${source} line ${lineOfYamlKey(text, key)}`;
    if (!isObject(value)) throw new InputError(where(), `entry ${key} is not a map`);
    const resolution = str(value, "resolution");
    const version = value["version"];
    if (!resolution) throw new InputError(where(), `entry ${key} has no resolution`);
    if (typeof version !== "string" && typeof version !== "number") {
      throw new InputError(where(), `entry ${key} has no version`);
    }
    const [name, ref] = splitDescriptor(resolution);
    const protocol = ref.slice(0, ref.indexOf(":"));
    const deps: string[] = [];
    for (const field of ["dependencies", "optionalDependencies"]) {
      const d = value[field];
      if (isObject(d))
        for (const [n, r] of Object.entries(d)) if (typeof r === "string") deps.push(`${n}@${r}`);
    }
    const workspace = protocol === "workspace";
    if (LOCAL_PROTOCOLS.has(protocol) && !workspace) continue;
    entries.push({
      specs: key.split(",").map((s) => s.trim()),
      name,
      version: String(version),
      deps,
      resolved: resolution,
      workspace,
    });
  }
  return entries;
}

function toPackages(file: CatalogFile, entries: YarnEntry[], manifest: ManifestDeps | undefined): Package[] {
  // Descriptor -> entry id (its index); berry descriptors carry "npm:" where package.json ranges do not.
  const bySpec = new Map<string, number>();
  entries.forEach((e, i) => {
    for (const s of e.specs) {
      bySpec.set(s, i);
      const [n, r] = splitDescriptor(s);
      if (r.startsWith("npm:")) bySpec.set(`${n}@${r.slice(4)}`, i);
    }
  });
  const id = (spec: string): string[] => {
    const i = bySpec.get(spec);
    return i === undefined ? [] : [String(i)];
  };
  const edges = new Map(entries.map((e, i) => [String(i), e.deps.flatMap(id)]));
  let dev = new Set<string>();
  const direct = new Set<string>();
  if (manifest) {
    const roots = (deps: Map<string, string>) => [...deps].flatMap(([n, r]) => id(`${n}@${r}`));
    const prodRoots = roots(manifest.prod);
    const devRoots = roots(manifest.dev);
    dev = devOnly(edges, prodRoots, devRoots);
    for (const r of [...prodRoots, ...devRoots]) direct.add(r);
  }
  const out: Package[] = [];
  entries.forEach((e, i) => {
    if (e.workspace) return;
    out.push(
      npmPackage(file, "yarn-lock", {
        name: e.name,
        version: e.version,
        dev: dev.has(String(i)),
        ...(manifest ? { direct: direct.has(String(i)) } : {}),
        metadata: e.resolved ? { resolved: e.resolved } : {},
      }),
    );
  });
  return out;
}
