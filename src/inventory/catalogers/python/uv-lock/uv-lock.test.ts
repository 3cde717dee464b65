import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger } from "../../../cataloger.js";
import { catalogDiskFile, context, fileFromText, testdata } from "../../test-support.js";
import { uvLockCataloger } from "./uv-lock.js";

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

describe("uv.lock cataloger", () => {
  test("the project is not a package; dev-only comes from the dependency-group graph", async () => {
    const packages = await run(uvLockCataloger, testdata(import.meta.url, "uv.lock"), "uv.lock");
    assert.deepEqual(summary(packages), [
      "anyio@4.4.0",
      "certifi@2024.7.4",
      "h11@0.14.0",
      "httpcore@1.0.5",
      "httpx@0.27.0",
      "idna@3.7",
      "iniconfig@2.0.0 dev",
      "packaging@24.1 dev",
      "pluggy@1.5.0 dev",
      "pytest@8.2.2 dev",
      "respx@0.21.1 dev",
      "sniffio@1.3.1",
    ]);
  });

  test("a package without a name: InputError at its [[package]] line", async () => {
    await rejectsAtLine(
      uvLockCataloger,
      "uv.lock",
      'version = 1\n\n[[package]]\nversion = "1.0"\n',
      3,
      /has no name/,
    );
  });
});
