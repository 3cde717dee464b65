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
import { liveNpmLs, nameAtVersion, recordedNpmLs } from "../test-support/npm-ls.js";
import { packageLockCataloger } from "./package-lock.js";

const lockfiles = join(sharedFeeds, "artifacts/lockfiles");

describe("npm package-lock cataloger", () => {
  test("wants package-lock.json and npm-shrinkwrap.json outside node_modules", () => {
    const info = (path: string) => ({ path, size: 1, mode: 0o644 });
    assert.equal(packageLockCataloger.wants(info("package-lock.json")), true);
    assert.equal(packageLockCataloger.wants(info("app/npm-shrinkwrap.json")), true);
    assert.equal(packageLockCataloger.wants(info("app/node_modules/x/package-lock.json")), false);
    assert.equal(packageLockCataloger.wants(info("node_modules/.package-lock.json")), false);
    assert.equal(packageLockCataloger.wants(info("yarn.lock")), false);
  });

  for (const [label, dir, file, count] of [
    ["lockfileVersion 1 (npm 6)", "v1", "package-lock.json", 11],
    ["lockfileVersion 2", "v2", "package-lock.json", 11],
    ["lockfileVersion 3", "v3", "package-lock.json", 11],
    ["npm-shrinkwrap.json", "shrinkwrap", "npm-shrinkwrap.json", 11],
    ["workspaces (link entries)", "workspaces", "package-lock.json", 2],
  ] as const) {
    test(`${label}: same packages as npm ls reported for it`, async () => {
      const path = testdata(import.meta.url, dir, file);
      const result = await catalogDiskFile(packageLockCataloger, path, file);
      const packages = result.packages ?? [];
      assert.equal(packages.length, count);
      assert.deepEqual(nameAtVersion(packages), recordedNpmLs(testdata(import.meta.url, dir, "npm-ls.json")));
    });
  }

  for (const [dir, count] of [
    ["npm-v1-legacy", 28],
    ["npm-v3-express-lodash", 69],
  ] as const) {
    test(`shared ${dir}: same packages as a live npm ls`, async (t) => {
      const result = await catalogDiskFile(
        packageLockCataloger,
        join(lockfiles, dir, "package-lock.json"),
        "package-lock.json",
      );
      const packages = result.packages ?? [];
      assert.equal(packages.length, count);
      const expected = liveNpmLs(join(lockfiles, dir));
      if (!expected) {
        t.skip("npm is not available");
        return;
      }
      assert.deepEqual(nameAtVersion(packages), expected);
    });
  }

  for (const dir of ["v1", "v3"]) {
    test(`${dir}: dev dependencies are kept and marked, optional ones flagged, nested copies located`, async () => {
      const path = testdata(import.meta.url, dir, "package-lock.json");
      const packages =
        (await catalogDiskFile(packageLockCataloger, path, "package-lock.json")).packages ?? [];
      const dev = packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`);
      assert.deepEqual(dev.sort(), ["lru-cache@6.0.0", "ms@2.1.3", "semver@7.5.1", "yallist@4.0.0"]);
      const isNumber = packages.find((p) => p.name === "is-number");
      assert.equal(isNumber?.metadata?.["optional"], "true");
      const nestedMs = packages.find((p) => p.name === "ms" && p.version === "2.0.0");
      assert.equal(nestedMs?.metadata?.["path"], "node_modules/debug/node_modules/ms");
      assert.equal(nestedMs?.dev, undefined);
    });
  }

  test("v3: scoped package purl, direct vs transitive", async () => {
    const path = testdata(import.meta.url, "v3", "package-lock.json");
    const packages = (await catalogDiskFile(packageLockCataloger, path, "package-lock.json")).packages ?? [];
    const is = packages.find((p) => p.name === "@sindresorhus/is");
    assert.equal(is?.purl, "pkg:npm/%40sindresorhus/is@4.6.0");
    assert.equal(is?.ecosystem, "npm");
    assert.equal(is?.direct, true);
    assert.equal(packages.find((p) => p.name === "lru-cache")?.direct, false);
  });

  test("v1: direct dependencies come from the sibling package.json", async () => {
    const manifest = fileFromDisk(testdata(import.meta.url, "v1", "package.json"), "package.json");
    const path = testdata(import.meta.url, "v1", "package-lock.json");
    const packages =
      (await catalogDiskFile(packageLockCataloger, path, "package-lock.json", context(undefined, [manifest])))
        .packages ?? [];
    assert.equal(packages.find((p) => p.name === "lodash")?.direct, true);
    assert.equal(packages.find((p) => p.name === "yallist")?.direct, false);
  });

  test("workspaces: the link and the workspace folder are not packages, its dependency is", async () => {
    const path = testdata(import.meta.url, "workspaces", "package-lock.json");
    const packages = (await catalogDiskFile(packageLockCataloger, path, "package-lock.json")).packages ?? [];
    assert.deepEqual(nameAtVersion(packages), ["is-number@7.0.0", "ms@2.1.3"]);
    assert.equal(packages.find((p) => p.name === "ms")?.direct, true);
    assert.equal(packages.find((p) => p.name === "is-number")?.dev, true);
  });

  test("invalid JSON: InputError with the line", async () => {
    const file = fileFromText(
      "package-lock.json",
      '{\n  "lockfileVersion": 3,\n  "packages": {\n    "a": 1,\n  }\n}\n',
    );
    await assert.rejects(packageLockCataloger.catalog(file, context()), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^package-lock\.json line 5: not valid JSON/);
      return true;
    });
  });

  test("entry without a version: InputError naming the entry's line", async () => {
    const text =
      '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {},\n    "node_modules/a": {\n      "resolved": "x"\n    }\n  }\n}\n';
    await assert.rejects(
      packageLockCataloger.catalog(fileFromText("package-lock.json", text), context()),
      /package-lock\.json line 5: packages\["node_modules\/a"\] has no "version"/,
    );
  });

  test("unknown lockfileVersion: InputError saying which are supported", async () => {
    const text = '{\n  "name": "x",\n  "lockfileVersion": 9\n}\n';
    await assert.rejects(
      packageLockCataloger.catalog(fileFromText("package-lock.json", text), context()),
      /line 3: lockfileVersion 9 is not supported \(1, 2 and 3 are\)/,
    );
  });
});
