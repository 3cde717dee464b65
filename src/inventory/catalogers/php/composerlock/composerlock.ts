import { posix } from "node:path";
import { z } from "zod";
import type { Package } from "../../../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { composerPackage } from "../composer.js";
import { parseJsonFile } from "../json.js";

const NAME = "composer-lock";

const LockedPackage = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  source: z
    .object({ type: z.string().optional(), url: z.string().optional(), reference: z.string().nullish() })
    .nullish(),
  dist: z
    .object({ type: z.string().optional(), url: z.string().optional(), reference: z.string().nullish() })
    .nullish(),
});

const ComposerLock = z.object({
  packages: z.array(LockedPackage),
  "packages-dev": z.array(LockedPackage).nullish(),
});

const ComposerJson = z.object({
  require: z.record(z.string(), z.unknown()).optional(),
  "require-dev": z.record(z.string(), z.unknown()).optional(),
});

/** Names the sibling composer.json requires, or undefined when there is none; throws when it is not JSON. */
async function directNames(lockPath: string, ctx: CatalogContext): Promise<Set<string> | undefined> {
  const manifest = ctx.sibling(posix.join(posix.dirname(lockPath), "composer.json"));
  if (!manifest) return undefined;
  const parsed = ComposerJson.safeParse(JSON.parse(await manifest.text()));
  if (!parsed.success) return undefined;
  return new Set([
    ...Object.keys(parsed.data.require ?? {}),
    ...Object.keys(parsed.data["require-dev"] ?? {}),
  ]);
}

/**
 * composer.lock: `packages` and `packages-dev` (dev). Versions are kept as locked ("v5.4.53"). Direct
 * dependencies are known when the composer.json next to the lock is in the tree.
 */
export async function composerLockPackages(
  path: string,
  text: string,
  ctx: CatalogContext,
): Promise<Package[]> {
  const lock = parseJsonFile(path, text, ComposerLock, "composer.lock (no packages array)");
  const direct = await directNames(path, ctx).catch(() => undefined);
  const out: Package[] = [];
  for (const [list, dev] of [
    [lock.packages, false],
    [lock["packages-dev"] ?? [], true],
  ] as const) {
    for (const p of list) {
      const metadata: Record<string, string> = {};
      const ref = p.source?.reference ?? p.dist?.reference;
      if (ref) metadata.reference = ref;
      if (p.dist?.type) metadata.distType = p.dist.type;
      out.push(
        composerPackage(p.name, p.version, path, NAME, {
          dev,
          ...(direct ? { direct: direct.has(p.name) } : {}),
          metadata,
        }),
      );
    }
  }
  return out;
}

/** composer.lock files (Packagist). */
export const composerLockCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 32 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return file.path === "composer.lock" || file.path.endsWith("/composer.lock");
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    return { packages: await composerLockPackages(file.path, await file.text(), ctx) };
  },
};
