import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";

/**
 * Makes `path` once for every test and benchmark process: the one that takes the lock directory `lock`
 * runs `make` (which must leave `path` in place), the others wait for it; `path` existing with no lock
 * is done. A lock older than 10 minutes is left from a killed process and is broken.
 */
export async function buildOnce(path: string, lock: string, make: () => unknown): Promise<string> {
  for (;;) {
    if (existsSync(path) && !existsSync(lock)) return path;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (!existsSync(path)) await make();
      return path;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
