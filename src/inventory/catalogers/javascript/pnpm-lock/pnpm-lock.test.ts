import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import { catalogDiskFile, context, fileFromText, sharedFeeds, testdata } from "../../test-support.js";
import { nameAtVersion, recordedNpmLs } from "../test-support/npm-ls.js";
import { pnpmLockCataloger } from "./pnpm-lock.js";

describe("pnpm-lock.yaml cataloger", () => {
  test("wants pnpm-lock.yaml outside node_modules", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(pnpmLockCataloger.wants(info("pnpm-lock.yaml")), true);
    assert.equal(pnpmLockCataloger.wants(info("apps/web/pnpm-lock.yaml")), true);
    assert.equal(pnpmLockCataloger.wants(info("node_modules/.pnpm/lock.yaml")), false);
  });

  for (const [label, dir] of [
    ["lockfileVersion 5.4 (pnpm 7)", "v5"],
    ["lockfileVersion 6.0 (pnpm 8)", "v6"],
    ["lockfileVersion 9.0 (pnpm 9)", "v9"],
  ] as const) {
    test(`${label}: same packages as npm ls reports for the same package.json`, async () => {
      const result = await catalogDiskFile(
        pnpmLockCataloger,
        testdata(import.meta.url, dir, "pnpm-lock.yaml"),
        "pnpm-lock.yaml",
      );
      const packages = result.packages ?? [];
      assert.equal(packages.length, 11);
      assert.deepEqual(nameAtVersion(packages), recordedNpmLs(testdata(import.meta.url, dir, "npm-ls.json")));
    });

    test(`${label}: dev-only packages marked, direct ones flagged, peer copies merged`, async () => {
      const result = await catalogDiskFile(
        pnpmLockCataloger,
        testdata(import.meta.url, dir, "pnpm-lock.yaml"),
        "pnpm-lock.yaml",
      );
      const packages = result.packages ?? [];
      const dev = packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`);
      assert.deepEqual(dev.sort(), ["lru-cache@6.0.0", "ms@2.1.3", "semver@7.5.1", "yallist@4.0.0"]);
      const fr = packages.filter((p) => p.name === "follow-redirects");
      assert.equal(fr.length, 1);
      assert.equal(fr[0]?.direct, true);
      assert.equal(packages.find((p) => p.name === "yallist")?.direct, false);
      assert.equal(
        packages.find((p) => p.name === "@sindresorhus/is")?.purl,
        "pkg:npm/%40sindresorhus/is@4.6.0",
      );
    });
  }

  test("shared pnpm-v9 artifact: the pinned direct dependencies and their transitive ones", async () => {
    const path = join(sharedFeeds, "artifacts/lockfiles/pnpm-v9/pnpm-lock.yaml");
    const packages = (await catalogDiskFile(pnpmLockCataloger, path, "pnpm-lock.yaml")).packages ?? [];
    const direct = packages.filter((p) => p.direct).map((p) => `${p.name}@${p.version}`);
    assert.deepEqual(direct.sort(), [
      "ansi-regex@5.0.0",
      "decode-uri-component@0.2.0",
      "follow-redirects@1.14.0",
      "json5@2.2.1",
      "semver@7.5.1",
      "tough-cookie@4.1.2",
    ]);
    assert.ok(packages.some((p) => p.name === "lru-cache" && p.direct === false));
  });

  test("unsupported lockfileVersion: InputError at its line", async () => {
    const text = "# comment\nlockfileVersion: '4.0'\npackages: {}\n";
    await assert.rejects(
      pnpmLockCataloger.catalog(fileFromText("pnpm-lock.yaml", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^pnpm-lock\.yaml line 2: lockfileVersion "4\.0" is not supported/);
        return true;
      },
    );
  });

  test("a package key without a version: InputError at its line", async () => {
    const text = "lockfileVersion: '9.0'\n\npackages:\n\n  ms@2.0.0: {}\n\n  lodash: {}\n";
    await assert.rejects(
      pnpmLockCataloger.catalog(fileFromText("pnpm-lock.yaml", text), context()),
      /pnpm-lock\.yaml line 7: cannot read a name and version from package key "lodash"/,
    );
  });
});
