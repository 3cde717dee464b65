import type { Runtime } from "../../../model/inventory.js";
import type { CatalogFile } from "../../cataloger.js";

/** A Runtime found in `file`. */
export function runtimeAt(file: CatalogFile, product: string, version: string): Runtime {
  return { product, version, location: file.path, ...(file.layer ? { layer: file.layer } : {}) };
}

/** The file name part of a target path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The name of the folder holding a target path ("" at the root). */
export function parentName(path: string): string {
  const parts = path.split("/");
  return parts.length >= 2 ? (parts[parts.length - 2] ?? "") : "";
}

/** True when any execute bit is set. */
export function isExecutable(mode: number): boolean {
  return (mode & 0o111) !== 0;
}

/**
 * Finds a version string in a binary without decoding the whole file: for each occurrence of `marker`
 * (native Buffer search), the next `window` bytes are matched against `pattern` (anchored at the marker),
 * and the first capture group of the first match is returned.
 */
export function scanBinary(buf: Buffer, marker: string, pattern: RegExp, window = 96): string | undefined {
  const needle = Buffer.from(marker, "latin1");
  for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + 1)) {
    const m = pattern.exec(buf.toString("latin1", at, Math.min(buf.length, at + window)));
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** Large executables (a Node.js binary is about 100 MiB) are read whole and searched natively. */
export const BINARY_MAX_SIZE = 256 * 1024 * 1024;
