import { z } from "zod";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { parseJsonFile } from "../../php/json.js";
import { nugetPackage } from "../nuget.js";

const NAME = "dotnet-deps";

const DepsJson = z.object({
  runtimeTarget: z.object({ name: z.string() }).optional(),
  /** Target (".NETCoreApp,Version=v8.0", ".NETCoreApp,Version=v8.0/linux-x64") -> "Name/Version" -> its dependencies. */
  targets: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({ dependencies: z.record(z.string(), z.string()).optional() }).passthrough(),
    ),
  ),
  /** "Name/Version" -> library kind ("project", "package", "runtimepack", "reference"). */
  libraries: z.record(
    z.string(),
    z.object({ type: z.string(), sha512: z.string().optional(), path: z.string().optional() }),
  ),
});

function splitKey(key: string): { name: string; version: string } | undefined {
  const slash = key.lastIndexOf("/");
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { name: key.slice(0, slash), version: key.slice(slash + 1) };
}

/**
 * A .NET application's `<App>.deps.json`: libraries of type "package" are NuGet packages; a
 * self-contained app's "runtimepack" (the .NET runtime shipped with it) is reported under its NuGet id
 * (without the "runtimepack." prefix), marked metadata.type "runtimepack". Direct: what the application
 * project (the project library named like the file, else the first one) depends on.
 */
export function depsJsonPackages(path: string, text: string): Package[] {
  const deps = parseJsonFile(path, text, DepsJson, ".deps.json");
  const appName = path.slice(path.lastIndexOf("/") + 1).replace(/\.deps\.json$/, "");
  const projects = Object.entries(deps.libraries).filter(([, l]) => l.type === "project");
  const app = projects.find(([k]) => splitKey(k)?.name === appName) ?? projects[0];
  const direct = new Set<string>();
  if (app) {
    for (const target of Object.values(deps.targets)) {
      for (const name of Object.keys(target[app[0]]?.dependencies ?? {})) direct.add(name.toLowerCase());
    }
  }
  const packages: Package[] = [];
  for (const [key, lib] of Object.entries(deps.libraries)) {
    if (lib.type !== "package" && lib.type !== "runtimepack") continue;
    const id = splitKey(key);
    if (!id) continue;
    const name = lib.type === "runtimepack" ? id.name.replace(/^runtimepack\./, "") : id.name;
    const metadata: Record<string, string> = { type: lib.type };
    if (lib.sha512) metadata.sha512 = lib.sha512;
    packages.push(
      nugetPackage(name, id.version, path, NAME, { direct: direct.has(id.name.toLowerCase()), metadata }),
    );
  }
  return packages;
}

/** `*.deps.json` files next to .NET applications and libraries. */
export const depsJsonCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 32 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return file.path.endsWith(".deps.json");
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: depsJsonPackages(file.path, await file.text()) };
  },
};
