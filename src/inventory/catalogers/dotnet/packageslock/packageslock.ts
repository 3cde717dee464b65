import { z } from "zod";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { parseJsonFile } from "../../php/json.js";
import { nugetPackage } from "../nuget.js";

const NAME = "nuget-packages-lock";

const LockEntry = z.object({
  /** Direct, Transitive, CentralTransitive (central package management) or Project. */
  type: z.string(),
  requested: z.string().optional(),
  resolved: z.string().optional(),
  contentHash: z.string().optional(),
});

const PackagesLock = z.object({
  version: z.number().int(),
  /** Target framework ("net8.0") or framework/runtime ("net8.0/linux-x64") -> package id -> entry. */
  dependencies: z.record(z.string(), z.record(z.string(), LockEntry)),
});

/**
 * NuGet's packages.lock.json (versions 1 and 2): one package per id and resolved version across all
 * target frameworks and runtimes (listed in metadata.targets); Direct entries are direct; Project entries
 * (other projects of the solution, no resolved version) are not packages.
 */
export function packagesLockPackages(path: string, text: string): Package[] {
  const lock = parseJsonFile(path, text, PackagesLock, "packages.lock.json");
  const byKey = new Map<
    string,
    { name: string; version: string; direct: boolean; targets: string[]; type: string }
  >();
  for (const [target, entries] of Object.entries(lock.dependencies)) {
    for (const [name, entry] of Object.entries(entries)) {
      if (entry.type === "Project" || entry.resolved === undefined) continue;
      const key = `${name.toLowerCase()}@${entry.resolved}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.direct ||= entry.type === "Direct";
        if (!seen.targets.includes(target)) seen.targets.push(target);
        continue;
      }
      byKey.set(key, {
        name,
        version: entry.resolved,
        direct: entry.type === "Direct",
        targets: [target],
        type: entry.type,
      });
    }
  }
  return [...byKey.values()].map((p) =>
    nugetPackage(p.name, p.version, path, NAME, {
      direct: p.direct,
      metadata: { targets: p.targets.join(","), lockVersion: String(lock.version) },
    }),
  );
}

/** packages.lock.json files of NuGet's repeatable restore. */
export const packagesLockCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 32 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return file.path === "packages.lock.json" || file.path.endsWith("/packages.lock.json");
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: packagesLockPackages(file.path, await file.text()) };
  },
};
