import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { packageSummary, rejectsAtLine, testdataPackages } from "../../test-support.js";
import { poetryLockCataloger } from "./poetry-lock.js";

describe("poetry.lock cataloger", () => {
  test("Poetry 1.4 (category): dev marked, path dependency skipped, names normalised", async () => {
    const packages = await testdataPackages(
      poetryLockCataloger,
      import.meta.url,
      "poetry-1.4",
      "poetry.lock",
    );
    assert.deepEqual(packageSummary(packages), [
      "certifi@2022.12.7",
      "charset-normalizer@3.1.0",
      "idna@3.4",
      "iniconfig@2.0.0 dev",
      "pytest@7.3.1 dev",
      "requests@2.28.2",
      "urllib3@1.26.15",
    ]);
  });

  test("Poetry 2 (groups): a package in main and dev is not dev-only", async () => {
    const packages = await testdataPackages(poetryLockCataloger, import.meta.url, "poetry-2", "poetry.lock");
    assert.deepEqual(packageSummary(packages), [
      "black@23.3.0 dev",
      "jinja2@3.1.2",
      "markupsafe@2.1.2",
      "mypy-extensions@1.0.0 dev",
    ]);
    assert.equal(packages?.find((p) => p.name === "jinja2")?.purl, "pkg:pypi/jinja2@3.1.2");
  });

  test("malformed TOML: InputError with the line", async () => {
    await rejectsAtLine(
      poetryLockCataloger,
      "poetry.lock",
      '[[package]]\nname = "a"\nversion = 1.0.0\n',
      3,
      /not valid TOML/,
    );
  });

  test("a package without a version: InputError at its [[package]] line", async () => {
    const text = '[[package]]\nname = "a"\nversion = "1"\n\n[[package]]\nname = "b"\n';
    await rejectsAtLine(poetryLockCataloger, "poetry.lock", text, 5, /\[\[package\]\] b has no version/);
  });
});
