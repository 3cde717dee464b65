import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger } from "../../../cataloger.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { poetryLockCataloger } from "./poetry-lock.js";

/** "name@version" of every package, with " dev" appended for development-only ones. */
const summary = (packages: Package[] | undefined) =>
  (packages ?? []).map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`).sort();

async function run(cataloger: Cataloger, disk: string, path: string): Promise<Package[] | undefined> {
  return (await catalogDiskFile(cataloger, disk, path)).packages;
}

/** Asserts an InputError whose message starts with `file line N:`. */
async function rejectsAtLine(cataloger: Cataloger, path: string, text: string, line: number, what: RegExp) {
  await assert.rejects(cataloger.catalog(fileFromText(path, text), context()), (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.ok(e.message.startsWith(`${path} line ${line}:`), e.message);
    assert.match(e.message, what);
    return true;
  });
}

describe("poetry.lock cataloger", () => {
  test("Poetry 1.4 (category): dev marked, path dependency skipped, names normalised", async () => {
    const packages = await run(
      poetryLockCataloger,
      testdata(import.meta.url, "poetry-1.4", "poetry.lock"),
      "poetry.lock",
    );
    assert.deepEqual(summary(packages), [
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
    const packages = await run(
      poetryLockCataloger,
      testdata(import.meta.url, "poetry-2", "poetry.lock"),
      "poetry.lock",
    );
    assert.deepEqual(summary(packages), [
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
