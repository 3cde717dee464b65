import { inflateSync } from "node:zlib";
import { z } from "zod";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { ExecutableFormatError, parseExecutable, sectionBytes } from "../../go/binary/executable.js";
import { looksLikeProgram } from "../../go/binary/gobinary.js";
import { cratePackage } from "../crate.js";

const NAME = "cargo-auditable";
/** ELF and PE section name; Mach-O puts it in segment __DATA, section ".dep-v0" too. */
const SECTION = ".dep-v0";
/** Largest inflated dependency list accepted (a large binary's is tens of KiB). */
const MAX_JSON = 8 * 1024 * 1024;

/** cargo-auditable's VersionInfo (auditable-serde): crates with indices of their dependencies. */
const VersionInfo = z.object({
  packages: z.array(
    z.object({
      name: z.string().min(1),
      version: z.string().min(1),
      /** "crates.io", "git", "local", "registry" or another source. */
      source: z.string(),
      /** "build" for build dependencies and proc macros; runtime when absent. */
      kind: z.enum(["build", "runtime"]).optional(),
      dependencies: z.array(z.number().int().nonnegative()).optional(),
      root: z.boolean().optional(),
    }),
  ),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

/** The dependency list a cargo-auditable build embeds: zlib-compressed JSON in the `.dep-v0` section. */
export function readAuditableInfo(source: string, compressed: Buffer): VersionInfo {
  let json: string;
  try {
    json = inflateSync(compressed, { maxOutputLength: MAX_JSON }).toString("utf8");
  } catch (e) {
    throw new InputError(source, `${SECTION} section is not zlib data: ${(e as Error).message}`, {
      cause: e,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new InputError(source, `${SECTION} section is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = VersionInfo.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(source, `${SECTION} dependency list: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  for (const [i, p] of parsed.data.packages.entries()) {
    for (const d of p.dependencies ?? []) {
      if (d >= parsed.data.packages.length) {
        throw new InputError(
          source,
          `${SECTION} dependency list: packages.${i} (${p.name}) depends on missing index ${d}`,
        );
      }
    }
  }
  return parsed.data;
}

/**
 * Every crate compiled into the binary as a crates.io package: the root crate(s) and crates from a local
 * path are kept and marked metadata.source "local"; what a root depends on is direct; build-time crates
 * (build dependencies, proc macros) are marked metadata.kind "build".
 */
export function auditablePackages(info: VersionInfo, location: string): Package[] {
  const direct = new Set<number>();
  for (const p of info.packages) if (p.root) for (const d of p.dependencies ?? []) direct.add(d);
  return info.packages.map((p, i) => {
    const metadata: Record<string, string> = { source: p.source, kind: p.kind ?? "runtime" };
    if (p.root) metadata.root = "true";
    return cratePackage(p.name, p.version, location, NAME, { direct: direct.has(i), metadata });
  });
}

/** Rust programs built with cargo-auditable: the crate list in their `.dep-v0` section (ELF, PE, Mach-O). */
export const cargoAuditableCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 512 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return looksLikeProgram(file, 128 * 1024);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    let section: Buffer | undefined;
    try {
      const exe = parseExecutable(await file.read());
      section = exe && sectionBytes(exe, SECTION);
    } catch (e) {
      if (!(e instanceof ExecutableFormatError)) throw e;
      throw new InputError(
        file.path,
        `unreadable executable headers: ${e.message}; is the binary truncated?`,
        { cause: e },
      );
    }
    if (!section) return {};
    return { packages: auditablePackages(readAuditableInfo(file.path, section), file.path) };
  },
};
