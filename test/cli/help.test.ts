import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { vigilArgs } from "../support/cli.js";

function vigil(...args: string[]) {
  return spawnSync(process.execPath, vigilArgs(...args), { encoding: "utf8" });
}

test("vigil --help lists the commands and exits 0", () => {
  const r = vigil("--help");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: vigil/);
  assert.match(r.stdout, /version/);
});

test("vigil version compare prints the order of two Debian versions", () => {
  const r = vigil("version", "compare", "Debian:12", "1:1.0-1", "2.0-1");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "1:1.0-1 > 2.0-1");
});

test("an invalid version is a usage error (exit 2) naming the version, with no stack trace", () => {
  const r = vigil("version", "compare", "npm", "1.0.0", "not-a-version");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /invalid npm version "not-a-version"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("an unknown ecosystem is a usage error naming it", () => {
  const r = vigil("version", "compare", "Nonesuch", "1", "2");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown ecosystem "Nonesuch"/);
});

test("an unknown command is a usage error (exit 2)", () => {
  const r = vigil("frobnicate");
  assert.equal(r.status, 2);
});
