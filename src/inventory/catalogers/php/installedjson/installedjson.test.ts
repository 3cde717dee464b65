import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { composerInstalledCataloger } from "./installedjson.js";

const fixture = (p: string): string => testdata(import.meta.url, p);
const PATH = "srv/app/vendor/composer/installed.json";

describe("composer installed.json cataloger", () => {
  test("Composer 2 format: the packages `composer show` lists, dev-package-names as dev", async () => {
    const file = fileFromDisk(fixture("composer2/installed.json"), PATH);
    assert.ok(composerInstalledCataloger.wants(file));
    const { packages = [] } = await composerInstalledCataloger.catalog(file, context());
    const want = readFileSync(fixture("composer2/composer-show.txt"), "utf8").trim().split("\n");
    assert.deepEqual(packages.map((p) => `${p.name}@${p.version}`).sort(), want);
    assert.deepEqual(
      packages.filter((p) => p.dev).map((p) => p.name),
      ["seld/jsonlint", "symfony/filesystem", "symfony/finder"],
    );
    assert.ok(packages.every((p) => p.ecosystem === "Packagist" && p.metadata?.composerFormat === "2"));
  });

  test("Composer 1 format (a plain array): every package, none known as dev", async () => {
    const { packages = [] } = await composerInstalledCataloger.catalog(
      fileFromDisk(fixture("composer1/installed.json"), PATH),
      context(),
    );
    assert.equal(packages.length, 6);
    assert.ok(packages.every((p) => !p.dev && p.metadata?.composerFormat === "1"));
    assert.equal(packages.find((p) => p.name === "react/promise")?.purl, "pkg:composer/react/promise@v2.9.0");
  });

  test("wants vendor/composer/installed.json only", () => {
    assert.ok(
      composerInstalledCataloger.wants({ path: "vendor/composer/installed.json", size: 1, mode: 0o644 }),
    );
    assert.ok(
      !composerInstalledCataloger.wants({ path: "node_modules/x/installed.json", size: 1, mode: 0o644 }),
    );
  });

  test("truncated JSON is an InputError naming the file", async () => {
    const text = readFileSync(fixture("composer2/installed.json"), "utf8").slice(0, 500);
    await assert.rejects(
      composerInstalledCataloger.catalog(fileFromText(PATH, text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^srv\/app\/vendor\/composer\/installed\.json( line \d+)?: invalid JSON/);
        return true;
      },
    );
  });
});
