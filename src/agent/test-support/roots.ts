import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildOnce } from "../../../test/support/build-once.js";
import type { ServiceApp } from "../../service/test-support/app.js";

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
  return buildOnce(root, `${root}.unpacking`, () => {
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
  });
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

/**
 * What `apt install openssl=1.1.1n-0+deb11u3` adds to dpkg's status on bullseye: DSA-5343-1
 * (CVE-2023-0286) fixed it in 1.1.1n-0+deb11u4. Append it to a copied root's var/lib/dpkg/status.
 */
export const OPENSSL_STANZA = `Package: openssl
Status: install ok installed
Priority: optional
Section: utils
Installed-Size: 1460
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@lists.alioth.debian.org>
Architecture: amd64
Version: 1.1.1n-0+deb11u3
Depends: libc6 (>= 2.15), libssl1.1 (>= 1.1.1)
Description: Secure Sockets Layer toolkit - cryptographic utility

`;

/** The findings of OPENSSL_STANZA's CVE-2023-0286 on a resource, as the API lists them. */
export async function opensslFindings(svc: ServiceApp, key: string, resourceId: string) {
  const res = await svc.call<{
    items: { vulnerabilityId: string; package?: { name: string; version: string } }[];
  }>(key, "GET", `/v1/findings?resourceId=${resourceId}&vulnerabilityId=CVE-2023-0286`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}
