import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError } from "../errors.js";
import { DEFAULT_LIMITS, LimitGuard, resolveLimits, safePath } from "./limits.js";

test("safePath normalises ./, duplicate slashes and trailing slashes", () => {
  assert.equal(safePath("./usr//lib/", "a.tar", DEFAULT_LIMITS), "usr/lib");
  assert.equal(safePath("./", "a.tar", DEFAULT_LIMITS), "");
  assert.equal(safePath("a/b/../c", "a.tar", DEFAULT_LIMITS), "a/c", "a .. that stays inside is fine");
});

test("safePath refuses absolute paths, climbing out and NUL bytes", () => {
  assert.throws(
    () => safePath("/etc/passwd", "a.tar", DEFAULT_LIMITS),
    /a\.tar: entry "\/etc\/passwd" has an absolute path/,
  );
  assert.throws(() => safePath("a/../../x", "a.tar", DEFAULT_LIMITS), /climbs out of the tree/);
  assert.throws(() => safePath("..", "a.tar", DEFAULT_LIMITS), InputError);
  assert.throws(() => safePath("a\0b", "a.tar", DEFAULT_LIMITS), /NUL/);
  assert.throws(() => safePath("x".repeat(5000), "a.tar", DEFAULT_LIMITS), /longer than 4096/);
});

test("the ratio cap waits for its grace bytes, then trips", () => {
  const guard = new LimitGuard(resolveLimits({ ratioGraceBytes: 1000, maxCompressionRatio: 10 }));
  guard.physical(10);
  guard.inflated(900, "x.gz");
  assert.throws(() => guard.inflated(200, "x.gz"), /x\.gz: compression ratio 110 is past the cap of 10/);
});

test("a zip entry's declared sizes are checked before it is read", () => {
  const guard = new LimitGuard(resolveLimits({ ratioGraceBytes: 100 }));
  guard.zipEntry("f.zip", "ok", 100, 10_000);
  assert.throws(
    () => guard.zipEntry("f.zip", "bomb", 100, 1_000_000),
    /f\.zip: entry "bomb" expands 100 bytes to 1000000/,
  );
});
