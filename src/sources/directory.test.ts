import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FEEDS } from "../../test/fixtures-build/images.js";
import { inventory } from "../inventory/index.js";
import { fileLister, stanzaCounter } from "../inventory/test-support/catalogers.js";
import { scratchDir } from "./test-support/archives.js";

/** A small root filesystem: the real bookworm dpkg status plus os-release, laid out as on disk. */
function rootfs(): string {
  const root = scratchDir();
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  mkdirSync(join(root, "usr/lib"), { recursive: true });
  mkdirSync(join(root, "etc"), { recursive: true });
  copyFileSync(
    join(FEEDS, "artifacts/dpkg/debian-bookworm-minbase.status"),
    join(root, "var/lib/dpkg/status"),
  );
  return root;
}

test("a directory is one layer; its files are read in place", async () => {
  const root = rootfs();
  writeFileSync(join(root, "usr/lib/os-release"), 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n');
  symlinkSync("../usr/lib/os-release", join(root, "etc/os-release"));
  const inv = await inventory(root, { catalogers: [stanzaCounter] });
  assert.equal(inv.target.kind, "directory");
  assert.equal(inv.packages[0]?.version, "88");
  assert.equal(inv.packages[0]?.layer, undefined, "no layers in a directory");
  assert.equal(inv.os?.ecosystem, "Debian:12");
});

test("a symlink to the host's /etc/os-release is resolved inside the root, not followed out", async () => {
  const root = rootfs();
  symlinkSync("/etc/os-release", join(root, "etc/os-release"));
  symlinkSync("/etc/passwd", join(root, "etc/passwd-link"));
  const inv = await inventory(`dir:${root}`, { catalogers: [stanzaCounter, fileLister("etc/")] });
  assert.equal(inv.os, undefined, "the host's os-release must not be read");
  assert.equal(
    inv.packages.find((p) => p.name === "etc/passwd-link"),
    undefined,
    "the host's /etc/passwd must not be read",
  );
  assert.ok(inv.problems.some((p) => p.path === "etc/passwd-link" && /no collected file/.test(p.message)));
});
