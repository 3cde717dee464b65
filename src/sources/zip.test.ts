import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FEEDS, missingTools } from "../../test/fixtures-build/images.js";
import { InputError } from "../errors.js";
import { inventory } from "../inventory/index.js";
import { fileLister } from "../inventory/test-support/catalogers.js";
import { scratchDir } from "./test-support/archives.js";

/** Zips the contents of `dir` into `out` with Info-ZIP (symlinks stored as links). */
function zipDir(dir: string, out: string): void {
  execFileSync("zip", ["-q", "-r", "-y", out, "."], { cwd: dir });
}

describe("zip bundles (a function package plus layer zips)", { skip: missingTools("zip") }, () => {
  test("the package lands at the root and each layer zip under opt/, with a layer per zip", async () => {
    const work = scratchDir();
    const fn = join(work, "fn");
    cpSync(join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash"), fn, { recursive: true });
    writeFileSync(join(fn, "index.js"), "exports.handler = async () => 'ok';\n");
    const layer = join(work, "layer/nodejs");
    mkdirSync(layer, { recursive: true });
    cpSync(
      join(FEEDS, "artifacts/lockfiles/npm-v1-legacy/package-lock.json"),
      join(layer, "package-lock.json"),
    );
    zipDir(fn, join(work, "function.zip"));
    zipDir(join(work, "layer"), join(work, "layer.zip"));
    const locks = {
      ...fileLister("", "locks"),
      wants: (f: { path: string }) => f.path.endsWith("package-lock.json"),
    };
    const inv = await inventory(join(work, "function.zip"), {
      catalogers: [locks],
      zipLayers: [join(work, "layer.zip")],
    });
    assert.equal(inv.target.kind, "zip");
    assert.deepEqual(inv.packages.map((p) => p.name).sort(), [
      "opt/nodejs/package-lock.json",
      "package-lock.json",
    ]);
    assert.equal(inv.target.layers?.length, 2);
    const byName = Object.fromEntries(inv.packages.map((p) => [p.name, p.layer]));
    assert.equal(byName["package-lock.json"], inv.target.layers?.[1]?.digest);
    assert.match(JSON.parse(inv.packages.find((p) => p.name === "package-lock.json")!.version).name, /./);
  });

  test("a zip bomb (64 MiB of zeros in a few KB) is refused before it is inflated", async () => {
    const work = scratchDir();
    mkdirSync(join(work, "in"));
    writeFileSync(join(work, "in/zeros.bin"), Buffer.alloc(64 * 1024 * 1024));
    zipDir(join(work, "in"), join(work, "bomb.zip"));
    await assert.rejects(inventory(`zip:${join(work, "bomb.zip")}`, { catalogers: [] }), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /bomb\.zip: entry "zeros\.bin" expands \d+ bytes to 67108864 .*zip bomb/);
      return true;
    });
  });

  test("a file that is not a zip, named zip:, is a clear error", async () => {
    const work = scratchDir();
    writeFileSync(join(work, "x.zip"), "not a zip at all");
    await assert.rejects(
      inventory(`zip:${join(work, "x.zip")}`, { catalogers: [] }),
      /x\.zip: not a readable zip/,
    );
  });
});
