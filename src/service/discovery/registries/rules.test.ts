import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { nextLink } from "../../../sources/registry-client.js";
import { parseSecretKey, seal, secretKeyLoader, unseal } from "../../core/secret-key.js";
import { includedByRules, normalizeRegistryUrl } from "./registries.js";

test("inclusion rules: none = every repository; * is any characters; without * a name contains it", () => {
  assert.equal(includedByRules([], "any/repo"), true);
  assert.equal(includedByRules(["team/*"], "team/app"), true);
  assert.equal(includedByRules(["team/*"], "other/team/app"), false);
  assert.equal(includedByRules(["*-prod"], "shop-prod"), true);
  assert.equal(includedByRules(["*-prod"], "shop-prod-old"), false);
  assert.equal(includedByRules(["shop"], "team/shop-api"), true);
  assert.equal(includedByRules(["a.b"], "axb"), false, "the dot is literal");
});

test("registry URL: scheme added (http only on loopback), paths refused with the field named", () => {
  assert.equal(normalizeRegistryUrl("registry.example.com"), "https://registry.example.com");
  assert.equal(normalizeRegistryUrl("127.0.0.1:5000"), "http://127.0.0.1:5000");
  assert.equal(normalizeRegistryUrl("http://r.local:5000/"), "http://r.local:5000");
  assert.throws(
    () => normalizeRegistryUrl("https://r.example/v2/x"),
    /body\.url: give the registry's base URL only/,
  );
});

test("Link pagination: rel=next, relative to the registry", () => {
  assert.equal(
    nextLink('</v2/_catalog?last=b&n=1>; rel="next"', "http://127.0.0.1:5000"),
    "http://127.0.0.1:5000/v2/_catalog?last=b&n=1",
  );
  assert.equal(nextLink(null, "http://x"), null);
  assert.equal(nextLink('</v2/x>; rel="prev"', "http://x"), null);
});

test("secret key: sealed passwords open only with the same key and row", () => {
  const key = parseSecretKey(Buffer.alloc(32, 1).toString("base64"), "test");
  const other = parseSecretKey("02".repeat(32), "test");
  const sealed = seal(key, "hunter2", "reg_1");
  assert.ok(!sealed.includes("hunter2"));
  assert.equal(unseal(key, sealed, "reg_1", "r"), "hunter2");
  assert.throws(
    () => unseal(other, sealed, "reg_1", "registry reg_1 password"),
    /does not open with this server's secret key/,
  );
  assert.throws(() => unseal(key, sealed, "reg_2", "r"), /does not open/);
  assert.throws(() => parseSecretKey("short", "VIGIL_SECRET_KEY"), /VIGIL_SECRET_KEY: not a 32-byte key/);
});

test("secret key: generated once in the data directory, mode 0600; without one, a clear error", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-key-"));
  try {
    const a = secretKeyLoader({ dataDir: dir })();
    const b = secretKeyLoader({ dataDir: dir })();
    assert.deepEqual(a, b);
    assert.equal(statSync(join(dir, "secret.key")).mode & 0o777, 0o600);
    assert.throws(() => secretKeyLoader({})(), /--secret-key-file PATH or set VIGIL_SECRET_KEY/);
    assert.throws(() => secretKeyLoader({ file: join(dir, "missing") })(), /--secret-key-file .*missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
