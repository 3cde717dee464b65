import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { VigilError } from "../../errors.js";

/**
 * The files around a database at `path`, all in its directory so that renames are atomic:
 * - `<db>.lock`: held (pid inside) by the one process building a new database for it;
 * - `<db>.tmp-<pid>-<rand>`: the database being built; renamed over `<db>` when complete;
 * - `<db>.feeds/`: downloaded feed files (see update.ts), `<db>.feeds.tmp-*` / `.old-*` while replacing it.
 * A process killed at any moment leaves `<db>` as it was plus leftovers, which the next run removes.
 */
export function tempPathFor(path: string, suffix = ""): string {
  return `${path}${suffix}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** A held lock; release() removes it. */
export interface DbLock {
  release(): void;
}

/**
 * Takes `<db>.lock` for this process. A lock left by a process that no longer runs is taken over.
 * @throws VigilError when another live process holds it
 */
export function lockDb(path: string): DbLock {
  mkdirSync(dirname(path), { recursive: true });
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(lockPath, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number.parseInt(readFileIfAny(lockPath), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new VigilError(
          "DB_LOCKED",
          `${path} is being rebuilt by another vigil process (pid ${holder}); wait for it to finish or stop it`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new VigilError("DB_LOCKED", `could not take ${lockPath}: remove it if no vigil process is running`);
}

function readFileIfAny(p: string): string {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return "";
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes what killed runs left beside the database: temp databases and temp feed directories.
 * Call with the lock held (then no live process owns them). Returns the names removed.
 */
export function removeLeftovers(path: string): string[] {
  const dir = dirname(path);
  const base = basename(path);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const leftover = new RegExp(`^${escapeRegExp(base)}(\\.feeds)?\\.(tmp|old)-\\d+-[0-9a-f]+(-journal)?$`);
  for (const name of names) {
    if (!leftover.test(name)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Renames a complete, fsynced file over target atomically, then fsyncs the directory so the rename lasts. */
export function publish(tempPath: string, target: string): void {
  renameSync(tempPath, target);
  fsyncDir(dirname(target));
}

/** Fsyncs a directory (its entries: renames, creations). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some filesystems do not support fsync on a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Deletes a file if it exists. */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
