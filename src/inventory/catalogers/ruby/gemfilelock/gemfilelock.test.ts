import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { gemfileLockCataloger, parseGemfileLock } from "./gemfilelock.js";

const fixture = (p: string): string => testdata(import.meta.url, p);

/** Bundler::LockfileParser's reading of a fixture (scripts/fixtures/gemfile-lock-reference.rb). */
interface Reference {
  specs: { name: string; version: string; platform: string; source: string }[];
  dependencies: string[];
  platforms: string[];
  bundler: string;
}

describe("Gemfile.lock cataloger", () => {
  for (const dir of ["debian-gems", "platforms"]) {
    test(`${dir}/Gemfile.lock reads as Bundler's LockfileParser reads it`, () => {
      const want = JSON.parse(readFileSync(fixture(`${dir}/lockfile-parser.json`), "utf8")) as Reference;
      const got = parseGemfileLock(
        `${dir}/Gemfile.lock`,
        readFileSync(fixture(`${dir}/Gemfile.lock`), "utf8"),
      );
      assert.deepEqual(
        got.specs.map((s) => ({ name: s.name, version: s.version, platform: s.platform, source: s.source })),
        want.specs,
      );
      assert.deepEqual([...got.dependencies].sort(), want.dependencies);
      assert.deepEqual(got.platforms, want.platforms);
      assert.equal(got.bundledWith, want.bundler);
    });
  }

  test("real bundler lockfile: 6 gems, DEPENDENCIES direct, GIT and PATH gems kept and marked", async () => {
    const file = fileFromDisk(fixture("debian-gems/Gemfile.lock"), "srv/app/Gemfile.lock");
    assert.ok(gemfileLockCataloger.wants(file));
    const { packages = [] } = await gemfileLockCataloger.catalog(file, context());
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.direct, p.metadata?.source]),
      [
        ["gitgem", "1.4.2", true, "git"],
        ["localgem", "0.1.0", true, "path"],
        ["rack", "2.2.22", true, "rubygems"],
        ["rack-test", "2.0.2", true, "rubygems"],
        ["rake", "13.0.6", true, "rubygems"],
        ["webrick", "1.8.1", true, "rubygems"],
      ],
    );
    const rack = packages.find((p) => p.name === "rack");
    assert.equal(rack?.purl, "pkg:gem/rack@2.2.22");
    assert.equal(rack?.ecosystem, "RubyGems");
    assert.equal(packages[0]?.metadata?.revision, "600dd5a1b9c8bf8b96e092f0648a3632b08dc731");
  });

  test("platform variants of one version are one package; transitive gems are not direct", async () => {
    const { packages = [] } = await gemfileLockCataloger.catalog(
      fileFromDisk(fixture("platforms/Gemfile.lock"), "Gemfile.lock"),
      context(),
    );
    assert.equal(packages.length, 10);
    const nokogiri = packages.filter((p) => p.name === "nokogiri");
    assert.deepEqual(
      nokogiri.map((p) => [p.version, p.metadata?.platforms, p.direct]),
      [["1.15.5", "ruby,aarch64-linux,x86_64-linux", true]],
    );
    assert.equal(packages.find((p) => p.name === "racc")?.direct, false);
    assert.equal(
      packages.find((p) => p.name === "activesupport")?.metadata?.remote,
      "https://github.com/rails/rails.git",
    );
  });

  test("a spec line without a version is an InputError naming the file and line", async () => {
    const text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.22)\n    rake\n";
    await assert.rejects(
      gemfileLockCataloger.catalog(fileFromText("app/Gemfile.lock", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^app\/Gemfile\.lock line 5: expected a locked gem/);
        return true;
      },
    );
  });

  test("a file with no lockfile section is an InputError", async () => {
    await assert.rejects(
      gemfileLockCataloger.catalog(
        fileFromText("Gemfile.lock", "source 'https://rubygems.org'\n"),
        context(),
      ),
      /Gemfile\.lock: no GEM, GIT, PATH or DEPENDENCIES section/,
    );
  });
});
