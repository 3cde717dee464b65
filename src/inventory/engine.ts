import { errorMessage } from "../errors.js";
import type { Inventory, InventoryProblem, OsRelease, Runtime } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { detectOs, wantedForOs } from "../os/os-release.js";
import { type Limits, resolveLimits } from "../sources/limits.js";
import type { Source } from "../sources/types.js";
import type { CatalogContext, Cataloger, CatalogFile } from "./cataloger.js";
import { type KeptFile, LayerStore, readKept, type Tree } from "./tree.js";

/** Largest file a cataloger gets when it does not say (the Cataloger contract's default). */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

/** A CatalogFile over a kept file, shown at `path` (a symlink's own path, or the file's). */
function catalogFile(kept: KeptFile, path: string = kept.path): CatalogFile {
  const file: CatalogFile = {
    path,
    size: kept.size,
    mode: kept.mode,
    read: () => readKept(kept.content),
    text: async () => (await readKept(kept.content)).toString("utf8"),
  };
  if (kept.layer !== "") file.layer = kept.layer;
  return file;
}

/** Fills what a cataloger left out of a package: who found it, where, and the layer it came from. */
function complete(pkg: Package, by: Cataloger, file: CatalogFile): Package {
  const out: Package = { ...pkg };
  if (!out.foundBy) out.foundBy = by.name;
  if (out.locations === undefined || out.locations.length === 0) out.locations = [file.path];
  if (out.layer === undefined && file.layer !== undefined) out.layer = file.layer;
  return out;
}

/**
 * Runs the catalogers over the composed tree: each wanted file goes to each cataloger that wants it,
 * with the OS and a sibling lookup. A cataloger that throws becomes a problem and the scan goes on.
 */
export async function runCatalogers(
  tree: Tree,
  catalogers: readonly Cataloger[],
  os: OsRelease | undefined,
): Promise<{ packages: Package[]; runtimes: Runtime[]; problems: InventoryProblem[] }> {
  const packages: Package[] = [];
  const runtimes: Runtime[] = [];
  const problems: InventoryProblem[] = [];
  const ctx: CatalogContext = {
    sibling: (path) => {
      const kept = tree.file(path);
      return kept === undefined ? undefined : catalogFile(kept, path.replace(/^\/+/, ""));
    },
  };
  if (os !== undefined) ctx.os = os;
  const jobs: { file: CatalogFile; cataloger: Cataloger }[] = [];
  for (const kept of tree.files()) {
    for (const name of kept.tooLarge) {
      problems.push({
        path: kept.path,
        by: name,
        message: `skipped: ${kept.size} bytes is over its maxFileSize`,
      });
    }
    for (const i of kept.wanting) jobs.push({ file: catalogFile(kept), cataloger: catalogers[i]! });
  }
  // A symlink a cataloger wants by its own path reaches the file it points to, unless that cataloger
  // already gets that file under its real path.
  for (const node of tree.nodes.values()) {
    if (node.type !== "symlink") continue;
    const target = tree.file(node.path);
    for (const [i, c] of catalogers.entries()) {
      const size = target?.size ?? 0;
      if (!c.wants({ path: node.path, size, mode: target?.mode ?? 0o777 })) continue;
      if (target === undefined) {
        problems.push({
          path: node.path,
          by: c.name,
          message: `symlink to ${node.target}: no collected file there`,
        });
      } else if (!target.wanting.includes(i)) {
        jobs.push({ file: catalogFile(target, node.path), cataloger: c });
      }
    }
  }
  for (const { file, cataloger } of jobs) {
    try {
      const result = await cataloger.catalog(file, ctx);
      for (const p of result.packages ?? []) packages.push(complete(p, cataloger, file));
      for (const r of result.runtimes ?? []) {
        const runtime = { ...r };
        if (runtime.layer === undefined && file.layer !== undefined) runtime.layer = file.layer;
        runtimes.push(runtime);
      }
    } catch (e) {
      problems.push({ path: file.path, by: cataloger.name, message: errorMessage(e) });
    }
  }
  return { packages, runtimes, problems };
}

/** Options of one inventory run. */
export interface EngineOptions {
  limits?: Partial<Limits>;
  /** The clock, for createdAt (tests pin it). */
  now?: () => Date;
}

/**
 * One walk of a source: stream every layer once, keep only the files some cataloger (or the OS
 * detection) wants, stack the layers with their whiteouts, detect the OS, then run the catalogers on
 * what survived.
 * @throws InputError when the source itself is unreadable or hostile (a bad file is only a problem)
 */
export async function inventorySource(
  source: Source,
  catalogers: readonly Cataloger[],
  options: EngineOptions = {},
): Promise<Inventory> {
  const limits = resolveLimits(options.limits);
  const store = new LayerStore(limits, {
    catalogers(path, size, mode) {
      const wanting: number[] = [];
      const tooLarge: string[] = [];
      for (const [i, c] of catalogers.entries()) {
        if (!c.wants({ path, size, mode })) continue;
        if (size > (c.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)) tooLarge.push(c.name);
        else wanting.push(i);
      }
      return { wanting, tooLarge };
    },
    forOs: wantedForOs,
  });
  try {
    const walk = await source.walk((key) => store.visitor(key));
    const { tree, problems } = store.compose(
      walk.layers.map(({ key, layer }) => ({ key, digest: layer.digest })),
    );
    const os = await detectOs({
      text: async (path) => {
        const kept = tree.file(path);
        return kept === undefined ? undefined : (await readKept(kept.content)).toString("utf8");
      },
      list: (prefix) => tree.files().flatMap((f) => (f.path.startsWith(prefix) ? [f.path] : [])),
    });
    const found = await runCatalogers(tree, catalogers, os);
    const inventory: Inventory = {
      target: walk.target,
      packages: found.packages,
      runtimes: found.runtimes,
      problems: [...(walk.problems ?? []), ...problems, ...found.problems],
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
    };
    if (os !== undefined) inventory.os = os;
    return inventory;
  } finally {
    await store.close();
  }
}
