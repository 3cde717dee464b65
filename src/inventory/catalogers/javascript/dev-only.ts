/**
 * Which packages of a resolved dependency graph only development dependencies need. Lockfiles that do not
 * mark dev packages themselves (yarn, pnpm v9) get the marking from their graph: a package is dev-only when
 * it is reachable from the project's devDependencies but not from its dependencies or optionalDependencies.
 */
export function devOnly(
  edges: ReadonlyMap<string, readonly string[]>,
  prodRoots: Iterable<string>,
  devRoots: Iterable<string>,
): Set<string> {
  const reach = (roots: Iterable<string>): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const next of edges.get(id) ?? []) if (!seen.has(next)) stack.push(next);
    }
    return seen;
  };
  const prod = reach(prodRoots);
  const dev = reach(devRoots);
  for (const id of prod) dev.delete(id);
  return dev;
}

/** A project manifest's dependency ranges, split into production (incl. optional and peer) and development. */
export interface ManifestDeps {
  prod: Map<string, string>;
  dev: Map<string, string>;
}

/** Reads dependency ranges from a parsed package.json-shaped object. */
export function manifestDeps(manifest: Record<string, unknown>): ManifestDeps {
  const ranges = (field: string): [string, string][] => {
    const v = manifest[field];
    if (typeof v !== "object" || v === null || Array.isArray(v)) return [];
    return Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string");
  };
  return {
    prod: new Map([
      ...ranges("peerDependencies"),
      ...ranges("optionalDependencies"),
      ...ranges("dependencies"),
    ]),
    dev: new Map(ranges("devDependencies")),
  };
}
