import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { packageSummary, rejectsAtLine, testdataPackages } from "../../test-support.js";
import { pdmLockCataloger } from "./pdm-lock.js";

describe("pdm.lock cataloger", () => {
  test("groups without default are dev; a package in default and dev is not", async () => {
    const packages = await testdataPackages(pdmLockCataloger, import.meta.url, "pdm.lock");
    assert.deepEqual(packageSummary(packages), [
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
