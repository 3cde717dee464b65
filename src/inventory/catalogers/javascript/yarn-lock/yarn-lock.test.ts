import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import {
  catalogDiskFile,
  context,
  fileFromDisk,
  fileFromText,
  sharedFeeds,
  testdata,
} from "../../test-support.js";
import { nameAtVersion, recordedNpmLs } from "../test-support/npm-ls.js";
import { yarnLockCataloger } from "./yarn-lock.js";

/** The fixture's package.json, as the engine hands it over as a sibling of the lockfile. */
function withManifest(dir: string) {
  return context(undefined, [fileFromDisk(testdata(import.meta.url, dir, "package.json"), "package.json")]);
}

describe("yarn.lock cataloger", () => {
  test("wants yarn.lock outside node_modules", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(yarnLockCataloger.wants(info("yarn.lock")), true);
    assert.equal(yarnLockCataloger.wants(info("web/yarn.lock")), true);
    assert.equal(yarnLockCataloger.wants(info("node_modules/x/yarn.lock")), false);
    assert.equal(yarnLockCataloger.wants(info("yarn.lock.bak")), false);
  });

  for (const [label, dir] of [
    ["classic v1 (yarn 1.22)", "v1"],
    ["berry (yarn 4)", "berry"],
  ] as const) {
    test(`${label}: same packages as npm ls reports for the same package.json`, async () => {
      const result = await catalogDiskFile(
        yarnLockCataloger,
        testdata(import.meta.url, dir, "yarn.lock"),
        "yarn.lock",
      );
      const packages = result.packages ?? [];
      assert.equal(packages.length, 11);
      assert.deepEqual(nameAtVersion(packages), recordedNpmLs(testdata(import.meta.url, dir, "npm-ls.json")));
    });

    test(`${label}: with package.json, dev-only packages are marked and direct ones flagged`, async () => {
      const path = testdata(import.meta.url, dir, "yarn.lock");
      const packages =
        (await catalogDiskFile(yarnLockCataloger, path, "yarn.lock", withManifest(dir))).packages ?? [];
      const dev = packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`);
      assert.deepEqual(dev.sort(), ["lru-cache@6.0.0", "ms@2.1.3", "semver@7.5.1", "yallist@4.0.0"]);
      assert.equal(packages.find((p) => p.name === "lodash")?.direct, true);
      assert.equal(packages.find((p) => p.name === "yallist")?.direct, false);
      assert.equal(
        packages.find((p) => p.name === "@sindresorhus/is")?.purl,
        "pkg:npm/%40sindresorhus/is@4.6.0",
      );
    });
  }

  test("berry: the workspace entry is not a package", async () => {
    const path = testdata(import.meta.url, "berry", "yarn.lock");
    const packages = (await catalogDiskFile(yarnLockCataloger, path, "yarn.lock")).packages ?? [];
    assert.equal(
      packages.find((p) => p.name === "vigil-fixture"),
      undefined,
    );
  });

  test("shared yarn-v1 artifact: the eight resolved packages", async () => {
    const path = join(sharedFeeds, "artifacts/lockfiles/yarn-v1/yarn.lock");
    const packages = (await catalogDiskFile(yarnLockCataloger, path, "yarn.lock")).packages ?? [];
    assert.deepEqual(nameAtVersion(packages), [
      "debug@2.6.8",
      "kind-of@6.0.2",
      "lodash@4.17.11",
      "minimist@0.0.8",
      "mkdirp@0.5.1",
      "ms@2.0.0",
      "qs@6.5.1",
      "serialize-javascript@2.1.0",
    ]);
  });

  test("classic: entry without a version is an InputError at its line", async () => {
    const text = '# yarn lockfile v1\n\n\nms@2.0.0:\n  version "2.0.0"\n\ndebug@2.6.8:\n  resolved "x"\n';
    await assert.rejects(
      yarnLockCataloger.catalog(fileFromText("yarn.lock", text), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /^yarn\.lock line 7: entry debug@2\.6\.8 has no version/);
        return true;
      },
    );
  });

  test("classic: a stray line is an InputError at its line", async () => {
    const text = '# yarn lockfile v1\n\nms@2.0.0:\n  version "2.0.0"\nnot a descriptor\n';
    await assert.rejects(
      yarnLockCataloger.catalog(fileFromText("yarn.lock", text), context()),
      /yarn\.lock line 5:/,
    );
  });

  test("berry: broken YAML is an InputError at its line", async () => {
    const text =
      '__metadata:\n  version: 8\n\n"ms@npm:2.0.0":\n  version: 2.0.0\n   resolution: "ms@npm:2.0.0"\n';
    await assert.rejects(
      yarnLockCataloger.catalog(fileFromText("yarn.lock", text), context()),
      /yarn\.lock line 5: not valid YAML/,
    );
  });
});
