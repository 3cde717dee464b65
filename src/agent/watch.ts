/**
 * Watches the package databases under a root and calls back once a burst of changes has settled
 * (debounced). The containing directories are watched, not the files: dpkg and apk write a new file and
 * rename it over the old one, which a watch on the old file would not see.
 */
import { type FSWatcher, watch } from "node:fs";
import { join } from "node:path";
import { PACKAGE_DBS } from "../host/collect.js";

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` (default 2 s). */
  debounceMs?: number;
  /** A burst of changes longer than this still reports (a long `apt upgrade`; default 30 s). */
  maxWaitMs?: number;
  /** Called when a watch cannot be set up or fails (the heartbeat's fingerprint check still catches changes). */
  onError?: (dir: string, e: Error) => void;
}

/** Debounced watches on the package database directories that exist under a root. */
export class PackageDbWatcher {
  readonly #root: string;
  readonly #onChange: (manager: string) => void;
  readonly #debounceMs: number;
  readonly #maxWaitMs: number;
  readonly #onError: (dir: string, e: Error) => void;
  readonly #watchers = new Map<string, FSWatcher>();
  #timer: NodeJS.Timeout | undefined;
  #firstChangeAt: number | undefined;
  #managers = new Set<string>();
  #closed = false;

  constructor(root: string, onChange: (managers: string) => void, options: WatchOptions = {}) {
    this.#root = root;
    this.#onChange = onChange;
    this.#debounceMs = options.debounceMs ?? 2000;
    this.#maxWaitMs = options.maxWaitMs ?? 30_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** The directories watched now (relative to the root). */
  get watching(): string[] {
    return [...this.#watchers.keys()];
  }

  /**
   * Watches every package database directory that exists and is not watched yet; called at start and
   * again on each heartbeat, so a directory created (or replaced) later is picked up.
   */
  arm(): void {
    if (this.#closed) return;
    for (const db of PACKAGE_DBS) {
      if (this.#watchers.has(db.dir)) continue;
      let w: FSWatcher;
      try {
        w = watch(join(this.#root, db.dir), { persistent: false }, (_event, file) => {
          if (file === null || db.files.includes(file.toString())) this.#changed(db.manager);
        });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR") this.#onError(db.dir, e as Error);
        continue;
      }
      w.on("error", (e) => {
        this.#onError(db.dir, e);
        w.close();
        this.#watchers.delete(db.dir);
      });
      this.#watchers.set(db.dir, w);
    }
  }

  /** Closes every watch and arms them again: a database directory replaced since is watched anew. */
  rearm(): void {
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
    this.arm();
  }

  #changed(manager: string): void {
    if (this.#closed) return;
    this.#managers.add(manager);
    const now = Date.now();
    this.#firstChangeAt ??= now;
    clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(this.#debounceMs, this.#firstChangeAt + this.#maxWaitMs - now));
    this.#timer = setTimeout(() => {
      const managers = [...this.#managers].sort().join(", ");
      this.#managers = new Set();
      this.#firstChangeAt = undefined;
      this.#timer = undefined;
      this.#onChange(managers);
    }, wait);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
  }
}
