import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger } from "../../../cataloger.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { pdmLockCataloger } from "./pdm-lock.js";

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

describe("pdm.lock cataloger", () => {
  test("groups without default are dev; a package in default and dev is not", async () => {
    const packages = await run(pdmLockCataloger, testdata(import.meta.url, "pdm.lock"), "pdm.lock");
    assert.deepEqual(summary(packages), [
      "click@8.1.7",
      "colorama@0.4.6",
      "iniconfig@2.0.0 dev",
      "pytest@8.2.2 dev",
    ]);
  });

  test("malformed TOML: InputError with the line", async () => {
    await rejectsAtLine(
      pdmLockCataloger,
      "pdm.lock",
      '[metadata]\ngroups = ["default" "dev"]\n\n[[package]]\n',
      2,
      /not valid TOML/,
    );
  });
});
