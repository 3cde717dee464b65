import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { composerLockCataloger } from "./composerlock.js";

const fixture = (p: string): string => testdata(import.meta.url, p);

describe("composer.lock cataloger", () => {
  test("real composer lock: the 9 packages `composer show --locked` lists, packages-dev as dev", async () => {
    const file = fileFromDisk(fixture("debian-path-repo/composer.lock"), "app/composer.lock");
    assert.ok(composerLockCataloger.wants(file));
    const { packages = [] } = await composerLockCataloger.catalog(file, context());
    const want = readFileSync(fixture("debian-path-repo/composer-show-locked.txt"), "utf8")
      .trim()
      .split("\n");
    assert.deepEqual(packages.map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`).sort(), want);
    const console = packages.find((p) => p.name === "symfony/console");
    assert.equal(console?.version, "v5.4.53", "the version is kept as locked, leading v included");
    assert.equal(console?.purl, "pkg:composer/symfony/console@v5.4.53");
    assert.equal(console?.ecosystem, "Packagist");
    assert.equal(console?.direct, undefined, "without composer.json in the tree, directness is unknown");
  });

  test("with composer.json next to the lock, its require and require-dev entries are direct", async () => {
    const lock = fileFromDisk(fixture("debian-path-repo/composer.lock"), "app/composer.lock");
    const manifest = fileFromDisk(fixture("debian-path-repo/composer.json"), "app/composer.json");
    const { packages = [] } = await composerLockCataloger.catalog(lock, context(undefined, [manifest]));
    assert.deepEqual(
      packages.filter((p) => !p.direct).map((p) => p.name),
      ["psr/container", "symfony/string"],
    );
  });

  test("a syntax error is an InputError naming the file and line", async () => {
    const text = '{\n  "packages": [\n    {"name": "a/b", "version": "1.0.0"}\n    {"name": "c/d"}\n  ]\n}\n';
    await assert.rejects(
      composerLockCataloger.catalog(fileFromText("app/composer.lock", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^app\/composer\.lock line 4: invalid JSON/);
        return true;
      },
    );
  });

  test("a package without a version is an InputError naming the JSON path", async () => {
    const text = JSON.stringify({ packages: [{ name: "a/b" }] });
    await assert.rejects(
      composerLockCataloger.catalog(fileFromText("composer.lock", text), context()),
      /composer\.lock: not a composer\.lock \(no packages array\): packages\.0\.version: /,
    );
  });
});
