import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Package } from "../../../../model/package.js";
import { context, fileFromDisk, fileFromText, sharedFeeds } from "../../test-support.js";
import { isObject } from "../json.js";
import { flattenNpmLs, nameAtVersion } from "../test-support/npm-ls.js";
import { nodeModulesCataloger } from "./node-modules.js";

const tree = join(sharedFeeds, "artifacts/node_modules/node-modules-tree.tar.gz");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

describe("node_modules cataloger", () => {
  let root = "";
  let packages: Package[] = [];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "vigil-node-modules-"));
    execFileSync("tar", ["-xzf", tree, "-C", root]);
    packages = [];
    for (const abs of walk(root)) {
      const path = relative(root, abs);
      const file = fileFromDisk(abs, path);
      if (!nodeModulesCataloger.wants(file)) continue;
      packages.push(...((await nodeModulesCataloger.catalog(file, context())).packages ?? []));
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test("real installed tree: 15 packages, the same as npm ls reads from node_modules", () => {
    assert.equal(packages.length, 15);
    const out = execFileSync("npm", ["ls", "--all", "--json"], { cwd: root, encoding: "utf8" });
    const parsed: unknown = JSON.parse(out);
    assert.ok(isObject(parsed));
    assert.deepEqual(nameAtVersion(packages), flattenNpmLs(parsed));
  });

  test("nested copies are found at their own path", () => {
    const nested = packages.filter((p) => p.name === "extend-shallow").map((p) => p.locations[0]);
    assert.deepEqual(nested.sort(), [
      "node_modules/extend-shallow/package.json",
      "node_modules/split-string/node_modules/extend-shallow/package.json",
    ]);
  });

  test("the project's own package.json is wanted (as a sibling for lockfiles) but is no package", async () => {
    const file = fileFromDisk(join(root, "package.json"), "package.json");
    assert.equal(nodeModulesCataloger.wants(file), true);
    assert.deepEqual(await nodeModulesCataloger.catalog(file, context()), {});
  });

  test("scoped packages and packages without name/version (test fixtures) inside node_modules", async () => {
    const scoped = fileFromText(
      "node_modules/@babel/core/package.json",
      '{"name":"@babel/core","version":"7.0.0"}',
    );
    assert.equal(
      (await nodeModulesCataloger.catalog(scoped, context())).packages?.[0]?.purl,
      "pkg:npm/%40babel/core@7.0.0",
    );
    const fixture = fileFromText("node_modules/x/test/node_modules/fake/package.json", '{"main":"index.js"}');
    assert.deepEqual(await nodeModulesCataloger.catalog(fixture, context()), {});
  });

  test("malformed package.json: InputError with the line", async () => {
    const bad = fileFromText(
      "node_modules/a/package.json",
      '{\n  "name": "a",\n  "version": "1.0.0"\n  "main": "x"\n}',
    );
    await assert.rejects(
      nodeModulesCataloger.catalog(bad, context()),
      /node_modules\/a\/package\.json line 4: not valid JSON/,
    );
  });
});
