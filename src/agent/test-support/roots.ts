import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The shared artifacts: real debootstrap'd Debian minbase images (see ../shared/feeds/README.md §9). */
export const ARTIFACTS = resolve(import.meta.dirname, "../../../../shared/feeds/artifacts");

/**
 * The root file system of the real `debian-<suite>-minbase` image (debootstrap --variant=minbase, one
 * layer), unpacked once into the temporary directory and shared by test and benchmark runs. Device
 * nodes are left out. Concurrent processes wait for the one that unpacks.
 */
export async function debianRoot(suite: "bookworm" | "bullseye"): Promise<string> {
  const archive = join(ARTIFACTS, "images", `debian-${suite}-minbase.tar.gz`);
  const base = join(tmpdir(), "vigil-test-roots");
  mkdirSync(base, { recursive: true });
  const root = join(base, `${suite}-${Math.trunc(statSync(archive).mtimeMs)}`);
  const lock = `${root}.unpacking`;
  for (;;) {
    if (existsSync(root) && !existsSync(lock)) return root;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (existsSync(root)) return root;
      const work = mkdtempSync(join(base, `${suite}-work-`));
      try {
        execFileSync("tar", ["-xzf", archive, "-C", work]);
        const layerDir = readdirSync(work).find((n) => existsSync(join(work, n, "layer.tar")));
        if (layerDir === undefined) throw new Error(`${archive}: no layer.tar inside`);
        const out = join(work, "rootfs");
        mkdirSync(out);
        execFileSync("tar", [
          "-xf",
          join(work, layerDir, "layer.tar"),
          "-C",
          out,
          "--no-same-owner",
          "--exclude=dev/*",
          "--exclude=./dev/*",
        ]);
        execFileSync("mv", [out, root]);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      return root;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/**
 * A writable copy of what an agent reads from a Debian root: /etc, /usr/lib/os-release and the dpkg
 * database (status and info/), in a new temporary directory. The caller removes it.
 */
export function copyDpkgRoot(from: string): string {
  const to = mkdtempSync(join(tmpdir(), "vigil-agent-root-"));
  for (const p of ["etc", "usr/lib/os-release", "var/lib/dpkg"]) {
    mkdirSync(join(to, p, ".."), { recursive: true });
    cpSync(join(from, p), join(to, p), { recursive: true, verbatimSymlinks: true });
  }
  return to;
}
