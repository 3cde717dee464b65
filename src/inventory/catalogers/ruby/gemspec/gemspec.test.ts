import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { gemspecCataloger } from "./gemspec.js";

describe("gemspec cataloger", () => {
  test("rack's installed gemspec: name and version from the .freeze literals", async () => {
    const file = fileFromDisk(
      testdata(import.meta.url, "rack-2.2.22.gemspec"),
      "usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec",
    );
    assert.ok(gemspecCataloger.wants(file));
    const { packages } = await gemspecCataloger.catalog(file, context());
    assert.deepEqual(packages, [
      {
        name: "rack",
        version: "2.2.22",
        ecosystem: "RubyGems",
        purl: "pkg:gem/rack@2.2.22",
        locations: ["usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec"],
        foundBy: "gemspec",
      },
    ]);
  });

  test("a default gem's gemspec (specifications/default/) is wanted and read", async () => {
    const path = "usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec";
    const file = fileFromDisk(testdata(import.meta.url, "json-2.6.1.gemspec"), path);
    assert.ok(gemspecCataloger.wants(file));
    const { packages = [] } = await gemspecCataloger.catalog(file, context());
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}`),
      ["json@2.6.1"],
    );
  });

  test("every gemspec installed here reads as Gem::Specification.load reads it", async (t) => {
    if (!existsSync("/usr/bin/ruby")) return t.skip("ruby absent: apt-get install ruby");
    // Where this Ruby keeps installed and default gem specifications.
    const dirs = execFileSync(
      "ruby",
      ["-e", "puts Gem::Specification.dirs, Gem.default_specifications_dir"],
      {
        encoding: "utf8",
      },
    )
      .trim()
      .split("\n");
    const files = dirs
      .filter((d) => existsSync(d))
      .flatMap((d) =>
        readdirSync(d)
          .filter((n) => n.endsWith(".gemspec"))
          .map((n) => join(d, n)),
      );
    const want = execFileSync(
      "ruby",
      ["-e", 'ARGV.each { |f| s = Gem::Specification.load(f); puts "#{s.name}@#{s.version}" }', ...files],
      { encoding: "utf8" },
    )
      .trim()
      .split("\n");
    const got: string[] = [];
    for (const f of files) {
      const { packages = [] } = await gemspecCataloger.catalog(fileFromDisk(f, f.slice(1)), context());
      got.push(...packages.map((p) => `${p.name}@${p.version}`));
    }
    assert.ok(files.length >= 40, `at least Ruby's own default gems are installed (${files.length})`);
    assert.deepEqual(got, want);
  });

  test("wants specifications/*.gemspec only", () => {
    assert.ok(
      gemspecCataloger.wants({ path: "var/lib/gems/3.1.0/specifications/x-1.gemspec", size: 1, mode: 0o644 }),
    );
    assert.ok(
      !gemspecCataloger.wants({ path: "src/mygem/mygem.gemspec", size: 1, mode: 0o644 }),
      "a source gemspec",
    );
  });

  test("a version that is not a string literal is an InputError naming the file and line", async () => {
    const text = 'Gem::Specification.new do |s|\n  s.name = "x".freeze\n  s.version = MyGem::VERSION\nend\n';
    await assert.rejects(
      gemspecCataloger.catalog(fileFromText("specifications/x-1.gemspec", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(
          e.message,
          "specifications/x-1.gemspec line 3: s.version is not a string literal: s.version = MyGem::VERSION",
        );
        return true;
      },
    );
  });
});
