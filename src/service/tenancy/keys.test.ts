import assert from "node:assert/strict";
import { test } from "node:test";
import { hashKey, issueKey, keyId, keyMatches } from "./keys.js";

test("api keys: the lookup id comes back out of the key, and only the hash is needed to check it", () => {
  const k = issueKey();
  assert.equal(keyId(k.key), k.id);
  assert.equal(k.hash, hashKey(k.key));
  assert.ok(keyMatches(k.key, k.hash));
  assert.ok(!keyMatches(`${k.key.slice(0, -1)}${k.key.endsWith("A") ? "B" : "A"}`, k.hash));
  assert.ok(!k.hash.includes(k.key.split("_")[2] ?? "?"));
});

test("api keys: malformed keys have no lookup id", () => {
  for (const bad of [
    "",
    "vigil_",
    "vigil_short_secret",
    `Bearer ${issueKey().key}`,
    issueKey().key.toUpperCase(),
  ]) {
    assert.equal(keyId(bad), undefined, bad);
  }
});
