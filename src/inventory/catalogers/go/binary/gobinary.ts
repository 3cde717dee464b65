import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { goModulePackage, goPurl } from "../module.js";
import { type GoBuildInfo, GoBuildInfoError, readGoBuildInfo, stdlibVersion } from "./buildinfo.js";
import { ExecutableFormatError, parseExecutable } from "./executable.js";

/** Smallest executable worth reading: a stripped Go "hello world" is over 1 MiB. */
const MIN_SIZE = 512 * 1024;
/** Largest executable read into memory. */
const MAX_SIZE = 512 * 1024 * 1024;

/**
 * Whether a file may be a compiled program worth opening: executable bits, a plausible size, and no
 * file extension other than ".exe" (which rules out scripts, shared libraries and data files cheaply).
 */
export function looksLikeProgram(file: FileInfo, minSize = MIN_SIZE, maxSize = MAX_SIZE): boolean {
  if (file.size < minSize || file.size > maxSize) return false;
  const base = file.path.slice(file.path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot > 0) return base.slice(dot).toLowerCase() === ".exe";
  return (file.mode & 0o111) !== 0;
}

/**
 * The packages build info names: the Go standard library at the toolchain's version (name "stdlib"),
 * the main module when it has a real version, and every `dep` (a `=>` module replacement swaps in the
 * replacing module; a local-directory replacement keeps the original and notes the directory).
 */
export function goBinaryPackages(info: GoBuildInfo, location: string, foundBy: string): Package[] {
  const packages: Package[] = [];
  const std = stdlibVersion(info.goVersion);
  if (std) {
    packages.push({
      name: "stdlib",
      version: std,
      ecosystem: "Go",
      purl: goPurl("stdlib", `v${std}`),
      locations: [location],
      foundBy,
      metadata: {
        goVersion: info.goVersion,
        ...(info.path ? { mainPackage: info.path } : {}),
        ...(info.main ? { mainModule: info.main.path } : {}),
      },
    });
  }
  const main = info.main;
  if (main && main.version !== "(devel)" && main.version !== "") {
    packages.push(
      goModulePackage(main.path, main.version, location, foundBy, { metadata: { mainModule: "true" } }),
    );
  }
  for (const dep of info.deps) {
    const r = dep.replace;
    // A local-directory replacement carries no module version ("" or "(devel)").
    if (r && r.version !== "" && r.version !== "(devel)") {
      packages.push(
        goModulePackage(r.path, r.version, location, foundBy, {
          metadata: { replaces: `${dep.path}@${dep.version}` },
        }),
      );
    } else {
      packages.push(
        goModulePackage(dep.path, dep.version, location, foundBy, {
          metadata: r ? { replacedBy: r.path } : {},
        }),
      );
    }
  }
  return packages;
}

/**
 * Go programs: the module build info the Go linker embeds (`go version -m`), from ELF, PE and Mach-O.
 * Executables that Go did not build yield nothing. Reads the whole file (bounded by maxFileSize).
 */
export const goBinaryCataloger: Cataloger = {
  name: "go-binary",
  maxFileSize: MAX_SIZE,
  wants(file: FileInfo): boolean {
    return looksLikeProgram(file);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    try {
      const exe = parseExecutable(await file.read());
      const info = exe && readGoBuildInfo(exe);
      return info ? { packages: goBinaryPackages(info, file.path, "go-binary") } : {};
    } catch (e) {
      if (e instanceof GoBuildInfoError || e instanceof ExecutableFormatError) {
        throw new InputError(
          file.path,
          `unreadable Go build info: ${e.message}; is the binary truncated or corrupted?`,
          { cause: e },
        );
      }
      throw e;
    }
  },
};
