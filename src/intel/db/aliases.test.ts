import assert from "node:assert/strict";
import { test } from "node:test";
import { AliasUnion } from "./aliases.js";

test("alias union: groups are transitive and independent of union order", () => {
  const pairs: [string, string][] = [
    ["GHSA-1", "CVE-1"],
    ["PYSEC-1", "GHSA-1"],
    ["GO-1", "CVE-2"],
    ["RUSTSEC-1", "PYSEC-1"],
  ];
  const a = new AliasUnion();
  for (const [x, y] of pairs) a.union(x, y);
  const b = new AliasUnion();
  for (const [x, y] of [...pairs].reverse()) b.union(y, x);
  assert.deepEqual(a.groupOf("CVE-1").sort(), ["CVE-1", "GHSA-1", "PYSEC-1", "RUSTSEC-1"]);
  assert.deepEqual(b.groupOf("RUSTSEC-1").sort(), ["CVE-1", "GHSA-1", "PYSEC-1", "RUSTSEC-1"]);
  assert.deepEqual(a.groupOf("GO-1").sort(), ["CVE-2", "GO-1"]);
  assert.deepEqual(a.groupOf("unknown"), []);
  const groups = new Map<number, string[]>();
  for (const [id, g] of a.entries()) groups.set(g, [...(groups.get(g) ?? []), id]);
  assert.equal(groups.size, 2);
});

test("alias union: an id added alone is its own group", () => {
  const a = new AliasUnion();
  a.add("DSA-1");
  a.union("CVE-1", "CVE-1");
  assert.deepEqual(a.groupOf("DSA-1"), ["DSA-1"]);
  assert.deepEqual(a.groupOf("CVE-1"), ["CVE-1"]);
});
