import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger } from "../../../cataloger.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { pipfileLockCataloger } from "./pipfile-lock.js";

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

describe("Pipfile.lock cataloger", () => {
  test("default and develop; a package in both is not dev; editable path entries skipped", async () => {
    const packages = await run(
      pipfileLockCataloger,
      testdata(import.meta.url, "Pipfile.lock"),
      "Pipfile.lock",
    );
    assert.deepEqual(summary(packages), [
      "black@22.12.0 dev",
      "click@8.1.3",
      "flask@2.2.2",
      "itsdangerous@2.1.2",
      "pathspec@0.10.3 dev",
      "werkzeug@2.2.2",
    ]);
  });

  test("a version that is not ==: InputError at the entry's line", async () => {
    const text = '{\n  "default": {\n    "flask": {\n      "version": ">=2"\n    }\n  }\n}\n';
    await rejectsAtLine(
      pipfileLockCataloger,
      "Pipfile.lock",
      text,
      3,
      /default\.flask version ">=2" is not "==<version>"/,
    );
  });

  test("invalid JSON: InputError with the line", async () => {
    await rejectsAtLine(
      pipfileLockCataloger,
      "Pipfile.lock",
      '{\n  "default": {\n  }\n  "develop": {}\n}\n',
      4,
      /not valid JSON/,
    );
  });
});
