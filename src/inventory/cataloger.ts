import type { OsRelease, Runtime } from "../model/inventory.js";
import type { Package } from "../model/package.js";

/** What a cataloger may look at to decide whether it wants a file: path and stat only, never content. */
export interface FileInfo {
  /** Path inside the target, POSIX, relative to its root, no leading slash: "var/lib/dpkg/status". */
  path: string;
  size: number;
  /** Unix permission bits (0o755...). */
  mode: number;
}

/** A file handed to a cataloger. Content is read lazily. */
export interface CatalogFile extends FileInfo {
  /** Image targets: digest of the layer the file came from. */
  layer?: string;
  read(): Promise<Buffer>;
  text(): Promise<string>;
}

export interface CatalogContext {
  /** The target's OS, detected before any cataloger runs (absent for scratch images and plain directories). */
  os?: OsRelease;
  /**
   * Other files of the tree that some cataloger wanted (content already collected), by path, for
   * catalogers that need a sibling (dpkg's info/*.list, a lockfile's package.json).
   */
  sibling(path: string): CatalogFile | undefined;
}

export interface CatalogResult {
  packages?: Package[];
  runtimes?: Runtime[];
}

/**
 * One extractor, in the osv-scalibr mould: "is this file mine?" from path and stat alone, then "extract
 * from this file". The core walks the tree once and hands each file to the catalogers that want it; a
 * cataloger never walks. A cataloger throws an InputError (naming the file and line) on malformed input;
 * the core records it as a problem and goes on.
 */
export interface Cataloger {
  /** Short, stable name ("dpkg", "npm-lock", "python-dist-info"...), recorded in Package.foundBy. */
  readonly name: string;
  wants(file: FileInfo): boolean;
  /** Largest file this cataloger wants read into memory (default 64 MiB); larger wanted files are skipped with a problem. */
  readonly maxFileSize?: number;
  catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult>;
}
