import { posix } from "node:path";
import { InputError } from "../errors.js";

/**
 * Caps that keep a hostile archive (a tar bomb, a zip bomb, millions of empty entries) from exhausting
 * the scanner. Every source enforces them while it streams, before the bytes reach memory or disk.
 */
export interface Limits {
  /** Most entries across all layers (files, directories, links). Default 1,000,000. */
  maxEntries: number;
  /** Most uncompressed bytes across all layers. Default 32 GiB. */
  maxTotalBytes: number;
  /**
   * Largest ratio of uncompressed to compressed bytes. Default 200: real layers run 2-10, a zip bomb
   * runs into the thousands. Checked once `ratioGraceBytes` have been decompressed, so a tiny, very
   * compressible layer passes.
   */
  maxCompressionRatio: number;
  /** Uncompressed bytes read before the ratio is enforced. Default 32 MiB. */
  ratioGraceBytes: number;
  /** Longest entry path in bytes. Default 4096. */
  maxPathLength: number;
  /** Most symlinks followed while resolving one path. Default 40 (as Linux). */
  maxSymlinkDepth: number;
  /** Largest manifest, index or config JSON read into memory. Default 16 MiB. */
  maxMetadataBytes: number;
  /** Bytes of kept file content held in memory; beyond it, kept files go to a temp file. Default 64 MiB. */
  memoryBudget: number;
  /** A kept file larger than this always goes to a temp file. Default 4 MiB. */
  spillThreshold: number;
}

const MiB = 1024 * 1024;

/** The defaults of every cap (see Limits for the reasoning). */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxEntries: 1_000_000,
  maxTotalBytes: 32 * 1024 * MiB,
  maxCompressionRatio: 200,
  ratioGraceBytes: 32 * MiB,
  maxPathLength: 4096,
  maxSymlinkDepth: 40,
  maxMetadataBytes: 16 * MiB,
  memoryBudget: 64 * MiB,
  spillThreshold: 4 * MiB,
});

/** The defaults with the caller's overrides on top. */
export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** The "how to override" hint every cap error ends with. */
function hint(option: keyof Limits): string {
  return `if the input is trusted, raise limits.${option}`;
}

/**
 * Counts what one scan has read so far and throws an InputError naming the archive and entry when a cap
 * is passed. One guard per scan: the caps cover all layers together.
 */
export class LimitGuard {
  readonly limits: Limits;
  #entries = 0;
  #bytes = 0;
  #physical = 0;
  #inflated = 0;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  /** One more entry in `archive`. */
  entry(archive: string, path: string): void {
    this.#entries++;
    if (this.#entries > this.limits.maxEntries) {
      throw new InputError(
        archive,
        `entry ${JSON.stringify(path)} is past the cap of ${this.limits.maxEntries} entries (${hint("maxEntries")})`,
      );
    }
  }

  /** An entry of `size` uncompressed bytes is about to be read: checked against the total before reading. */
  bytes(size: number, archive: string, path: string): void {
    this.#bytes += size;
    if (this.#bytes > this.limits.maxTotalBytes) {
      throw new InputError(
        archive,
        `entry ${JSON.stringify(path)} takes the target past ${this.limits.maxTotalBytes} uncompressed bytes (${hint("maxTotalBytes")})`,
      );
    }
  }

  /** `n` more bytes read from the input itself (a file, the network). */
  physical(n: number): void {
    this.#physical += n;
  }

  /** `n` more bytes came out of a decompressor reading `archive`: checked against the ratio cap. */
  inflated(n: number, archive: string): void {
    this.#inflated += n;
    if (this.#physical === 0 || this.#inflated <= this.limits.ratioGraceBytes) return;
    const ratio = this.#inflated / this.#physical;
    if (ratio > this.limits.maxCompressionRatio) {
      throw new InputError(
        archive,
        `compression ratio ${ratio.toFixed(0)} is past the cap of ${this.limits.maxCompressionRatio}: ` +
          `looks like a decompression bomb (${hint("maxCompressionRatio")})`,
      );
    }
  }

  /** A zip entry whose sizes are declared up front: checked against the ratio cap before reading. */
  zipEntry(archive: string, path: string, compressedSize: number, uncompressedSize: number): void {
    const ratio = uncompressedSize / Math.max(compressedSize, 1);
    if (uncompressedSize > this.limits.ratioGraceBytes && ratio > this.limits.maxCompressionRatio) {
      throw new InputError(
        archive,
        `entry ${JSON.stringify(path)} expands ${compressedSize} bytes to ${uncompressedSize} ` +
          `(ratio ${ratio.toFixed(0)} > ${this.limits.maxCompressionRatio}): looks like a zip bomb (${hint("maxCompressionRatio")})`,
      );
    }
  }
}

/**
 * The normalised form of an entry path from an archive: POSIX, relative, no "." segments, no trailing
 * "/". "" is the root. Refuses absolute paths and paths that climb out of the tree with "..".
 * @throws InputError naming the archive and the entry
 */
export function safePath(raw: string, archive: string, limits: Limits): string {
  if (raw.length > limits.maxPathLength) {
    throw new InputError(
      archive,
      `entry path of ${raw.length} bytes is longer than ${limits.maxPathLength} (${hint("maxPathLength")})`,
    );
  }
  if (raw.includes("\0"))
    throw new InputError(archive, `entry ${JSON.stringify(raw)} has a NUL byte in its path`);
  if (raw.startsWith("/")) {
    throw new InputError(
      archive,
      `entry ${JSON.stringify(raw)} has an absolute path; refusing an archive that writes outside its tree`,
    );
  }
  const normal = posix.normalize(raw === "" ? "." : raw).replace(/\/+$/, "");
  if (normal === ".." || normal.startsWith("../")) {
    throw new InputError(
      archive,
      `entry ${JSON.stringify(raw)} climbs out of the tree with ".."; refusing a path-traversal archive`,
    );
  }
  return normal === "." ? "" : normal;
}
