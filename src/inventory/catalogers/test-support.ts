/**
 * Test helpers for catalogers: CatalogFile and CatalogContext built from real files on disk, so that
 * tests exercise a cataloger exactly as the engine calls it (path relative to the target root, lazy read).
 */
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../../errors.js";
import type { OsRelease } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import type { CatalogContext, Cataloger, CatalogFile } from "../cataloger.js";

/** The repository root (…/main), from this file's location. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The shared real-data folder (`../shared/feeds` from the repository root). */
export const sharedFeeds = resolve(repoRoot, "../shared/feeds");

/** A CatalogFile reading `diskPath`, presented to the cataloger as `path` inside the target. */
export function fileFromDisk(diskPath: string, path: string): CatalogFile {
  const st = statSync(diskPath);
  return {
    path,
    size: st.size,
    mode: st.mode & 0o7777,
    read: async () => readFileSync(diskPath),
    text: async () => readFileSync(diskPath, "utf8"),
  };
}

/** A CatalogFile holding `content` in memory at `path` (malformed-input tests). */
export function fileFromText(path: string, content: string | Buffer, mode = 0o644): CatalogFile {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return {
    path,
    size: buf.length,
    mode,
    read: async () => buf,
    text: async () => buf.toString("utf8"),
  };
}

/** A context with an optional OS and siblings (path inside the target -> file). */
export function context(os?: OsRelease, siblings: CatalogFile[] = []): CatalogContext {
  const byPath = new Map(siblings.map((f) => [f.path, f]));
  return { ...(os ? { os } : {}), sibling: (p) => byPath.get(p) };
}

/** Debian 12 as the engine would detect it from /etc/os-release. */
export const debian12: OsRelease = {
  id: "debian",
  versionId: "12",
  versionCodename: "bookworm",
  ecosystem: "Debian:12",
};

/** Runs a cataloger on one disk file after checking that it wants the file, as the engine does. */
export async function catalogDiskFile(
  cataloger: Cataloger,
  diskPath: string,
  path: string,
  ctx: CatalogContext = context(),
) {
  const file = fileFromDisk(diskPath, path);
  if (!cataloger.wants(file)) throw new Error(`${cataloger.name} does not want ${path}`);
  return cataloger.catalog(file, ctx);
}

/** Absolute path of a file in a test's own testdata folder. */
export function testdata(importMetaUrl: string, ...parts: string[]): string {
  return join(dirname(fileURLToPath(importMetaUrl)), "testdata", ...parts);
}

/**
 * The packages a cataloger finds in a file of the test's own testdata folder (`parts` below it),
 * presented to the cataloger under the file's base name, as catalogDiskFile does.
 */
export async function testdataPackages(
  cataloger: Cataloger,
  importMetaUrl: string,
  ...parts: [string, ...string[]]
): Promise<Package[] | undefined> {
  const diskPath = testdata(importMetaUrl, ...parts);
  return (await catalogDiskFile(cataloger, diskPath, basename(diskPath))).packages;
}

/** "name@version" of every package, with " dev" appended for development-only ones, sorted. */
export function packageSummary(packages: readonly Package[] | undefined): string[] {
  return (packages ?? []).map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`).sort();
}

/**
 * Asserts that cataloging `text` at `path` fails with an InputError whose message starts with
 * `<path> line <line>:` and matches `what`.
 */
export async function rejectsAtLine(
  cataloger: Cataloger,
  path: string,
  text: string,
  line: number,
  what: RegExp,
): Promise<void> {
  await assert.rejects(cataloger.catalog(fileFromText(path, text), context()), (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.ok(e.message.startsWith(`${path} line ${line}:`), e.message);
    assert.match(e.message, what);
    return true;
  });
}
