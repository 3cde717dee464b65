import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { goModCataloger, parseGoMod } from "./gomod.js";

const fixture = (p: string): string => testdata(import.meta.url, p);

/** `go mod edit -json` output (the Go toolchain's own go.mod parser), saved next to each fixture. */
interface GoModEditJson {
  Module: { Path: string };
  Require?: { Path: string; Version: string; Indirect?: boolean }[];
  Exclude?: { Path: string; Version: string }[];
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
}

describe("go.mod cataloger", () => {
  for (const dir of ["viper", "logrus", "replace-exclude"]) {
    test(`parses ${dir}/go.mod exactly as \`go mod edit -json\` does`, () => {
      const want = JSON.parse(readFileSync(fixture(`${dir}/go-mod-edit.json`), "utf8")) as GoModEditJson;
      const got = parseGoMod(`${dir}/go.mod`, readFileSync(fixture(`${dir}/go.mod`), "utf8"));
      assert.equal(got.module, want.Module.Path);
      assert.deepEqual(
        got.requires.map((r) => ({
          Path: r.path,
          Version: r.version,
          ...(r.indirect ? { Indirect: true } : {}),
        })),
        want.Require ?? [],
      );
      assert.deepEqual(
        got.excludes.map((e) => ({ Path: e.path, Version: e.version })),
        want.Exclude ?? [],
      );
      assert.deepEqual(
        got.replaces.map((r) => ({
          Old: { Path: r.oldPath, ...(r.oldVersion ? { Version: r.oldVersion } : {}) },
          New: { Path: r.newPath, ...(r.newVersion ? { Version: r.newVersion } : {}) },
        })),
        want.Replace ?? [],
      );
    });
  }

  test("viper's real go.mod: 14 direct and 46 indirect modules, versions without the leading v", async () => {
    const file = fileFromDisk(fixture("viper/go.mod"), "src/viper/go.mod");
    assert.ok(goModCataloger.wants(file));
    const { packages = [] } = await goModCataloger.catalog(file, context());
    assert.equal(packages.filter((p) => p.direct).length, 14);
    assert.equal(packages.filter((p) => !p.direct).length, 46);
    const afero = packages.find((p) => p.name === "github.com/spf13/afero");
    assert.deepEqual(afero, {
      name: "github.com/spf13/afero",
      version: "1.6.0",
      ecosystem: "Go",
      purl: "pkg:golang/github.com/spf13/afero@v1.6.0",
      locations: ["src/viper/go.mod"],
      direct: true,
      foundBy: "go-mod",
    });
    assert.ok(
      !packages.some((p) => p.name === "github.com/spf13/viper"),
      "the module itself is not a dependency",
    );
  });

  test("replace swaps in the replacing module, a local-directory replace keeps the original, exclude drops", async () => {
    const { packages = [] } = await goModCataloger.catalog(
      fileFromDisk(fixture("replace-exclude/go.mod"), "go.mod"),
      context(),
    );
    const byName = new Map(packages.map((p) => [p.name, p]));
    assert.equal(
      byName.get("golang.org/x/sys")?.version,
      "0.1.0",
      "path-wide replace applies to any version",
    );
    assert.equal(
      byName.get("golang.org/x/sys")?.metadata?.replaces,
      "golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8",
    );
    assert.equal(
      byName.get("gopkg.in/yaml.v3")?.version,
      "3.0.1",
      "the version-specific replace is the one that matches",
    );
    assert.equal(byName.get("example.com/forked/lib")?.version, "1.2.0");
    assert.equal(byName.get("example.com/forked/lib")?.metadata?.replacedBy, "../lib");
    assert.ok(!byName.has("golang.org/x/text"), "an excluded version is never built");
    assert.equal(byName.get("github.com/quoted/path")?.version, "0.1.0", "quoted module paths are unquoted");
    assert.equal(byName.get("github.com/stretchr/testify")?.direct, true, "single-line require");
    assert.equal(packages.length, 6);
  });

  test("directives newer than the reader (toolchain, godebug, tool) name no package", async () => {
    const text =
      "module m\n\ngo 1.24\ntoolchain go1.24.1\ngodebug default=go1.21\ntool golang.org/x/tools/cmd/stringer\n";
    const { packages = [] } = await goModCataloger.catalog(fileFromText("go.mod", text), context());
    assert.deepEqual(packages, []);
  });

  test("wants go.mod at any depth and nothing else", () => {
    assert.ok(goModCataloger.wants({ path: "go.mod", size: 10, mode: 0o644 }));
    assert.ok(goModCataloger.wants({ path: "a/b/go.mod", size: 10, mode: 0o644 }));
    assert.ok(!goModCataloger.wants({ path: "a/b/go.sum", size: 10, mode: 0o644 }));
    assert.ok(!goModCataloger.wants({ path: "a/notgo.mod", size: 10, mode: 0o644 }));
  });

  test("a require without a version is an InputError naming the file and line", async () => {
    const text = "module m\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d\n)\n";
    await assert.rejects(
      goModCataloger.catalog(fileFromText("svc/go.mod", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^svc\/go\.mod line 5: require expects a module path and a version/);
        return true;
      },
    );
  });

  test("an unclosed block is an InputError naming the line that opened it", async () => {
    const text = "module m\nrequire (\n\tgithub.com/a/b v1.0.0\n";
    await assert.rejects(
      goModCataloger.catalog(fileFromText("go.mod", text), context()),
      /go\.mod line 2: the require block/,
    );
  });
});
