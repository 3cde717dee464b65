import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FEEDS } from "../../test/fixtures-build/images.js";
import { InputError } from "../errors.js";
import { inventory } from "../inventory/index.js";
import { fileLister, stanzaCounter } from "../inventory/test-support/catalogers.js";
import { DirectorySource } from "./directory.js";
import { scratchDir } from "./test-support/archives.js";
import type { TreeEntry } from "./types.js";

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

/** Every entry a DirectorySource yields, as "path type size mode [-> link]", with its problems. */
async function walkAll(
  root: string,
  maxEntries?: number,
): Promise<{ seen: TreeEntry[]; lines: string[]; problems: string[] }> {
  const lines: string[] = [];
  const seen: TreeEntry[] = [];
  const source = new DirectorySource(root, maxEntries === undefined ? {} : { limits: { maxEntries } });
  const result = await source.walk(() => async (e) => {
    seen.push(e);
    const link = e.linkTarget === undefined ? "" : ` -> ${e.linkTarget}`;
    lines.push(`${e.path} ${e.type} ${e.size} ${e.mode.toString(8)}${link}`);
  });
  return {
    seen,
    lines,
    problems: (result.problems ?? []).map((p) => `${p.path}: ${p.message.replace(/,.*/s, "")}`),
  };
}

test("a walk yields files and symlinks by name with lstat's size and mode; dirs are descended, others skipped", async () => {
  const root = scratchDir();
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "empty"));
  mkdirSync(join(root, "z/deep/er"), { recursive: true });
  writeFileSync(join(root, "bin/tool"), "#!/bin/sh\n");
  chmodSync(join(root, "bin/tool"), 0o4755);
  writeFileSync(join(root, "z/deep/er/secret"), "");
  chmodSync(join(root, "z/deep/er/secret"), 0o600);
  // Hostile names: a newline, a leading dash, non-ASCII, and sorting by UTF-16 code unit.
  for (const name of ["B", "a", "é", "\u{1F600}", "\uFF5A", "-rf", "new\nline", "sp ace"]) {
    writeFileSync(join(root, name), name);
    chmodSync(join(root, name), 0o644);
  }
  symlinkSync("/", join(root, "to-host-root"));
  symlinkSync("../bin", join(root, "z/to-bin"));
  symlinkSync("missing", join(root, "dangling"));
  assert.equal(spawnSync("mkfifo", [join(root, "fifo")]).status, 0, "mkfifo");
  // A name that is not UTF-8: listed as U+FFFD, so it cannot be stat'ed by that name (a problem, not a crash).
  writeFileSync(Buffer.from(`${root}/bad-\xff`, "latin1"), "x");

  const { seen, lines, problems } = await walkAll(root);
  assert.deepEqual(lines, [
    "-rf file 3 644",
    "B file 1 644",
    "a file 1 644",
    "bin/tool file 10 4755",
    "dangling symlink 0 777 -> missing",
    "new\nline file 8 644",
    "sp ace file 6 644",
    "to-host-root symlink 0 777 -> /",
    "z/deep/er/secret file 0 600",
    "z/to-bin symlink 0 777 -> ../bin",
    "\u00E9 file 2 644",
    // A surrogate pair (D83D DE00) sorts before U+FF5A: UTF-16 code units, not code points.
    "\u{1F600} file 4 644",
    "\uFF5A file 3 644",
  ]);
  assert.deepEqual(problems, ["bad-\uFFFD: cannot stat: ENOENT: no such file or directory"]);
  // Files are re-read in place on demand, never through a symlink swapped in after the walk.
  const tool = seen.find((e) => e.path === "bin/tool");
  assert.equal((await tool?.reread?.())?.toString(), "#!/bin/sh\n");
  rmSync(join(root, "bin/tool"));
  symlinkSync("/etc/hostname", join(root, "bin/tool"));
  await assert.rejects(async () => tool?.reread?.(), /ELOOP/);
});

test("a walk counts every entry, directories included, against limits.maxEntries", async () => {
  const root = scratchDir();
  mkdirSync(join(root, "a/b"), { recursive: true });
  mkdirSync(join(root, "bin"));
  writeFileSync(join(root, "bin/tool"), "#!/bin/sh\n");
  writeFileSync(join(root, "a/b/c"), "c");
  // a, a/b, a/b/c, bin, bin/tool: five entries.
  assert.equal((await walkAll(root, 5)).lines.length, 2);
  await assert.rejects(walkAll(root, 4), (e) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /"bin\/tool" is past the cap of 4 entries/);
    return true;
  });
  await assert.rejects(
    new DirectorySource(join(root, "bin/tool")).walk(() => async () => {}),
    /is not a directory/,
  );
});
